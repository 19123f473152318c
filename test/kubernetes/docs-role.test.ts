import { readFile } from 'node:fs/promises';
import { describe, expect, test } from '@jest/globals';
import { parseAllDocuments } from 'yaml';
import { describePermission, KINDS, requiredPermissions, type ManifestObject } from '@deploy-kit/kubernetes';

/** The Role in docs/kubernetes.md grants exactly what a rollout checks for, for every kind it applies. */
describe('docs/kubernetes.md: the minimal Role', () => {
  test('grants every permission deploy-kit asks the API about, and nothing more', async () => {
    const text = await readFile(new URL('../../docs/kubernetes.md', import.meta.url), 'utf8');
    const block = /```yaml\n(apiVersion: rbac\.authorization\.k8s\.io\/v1\nkind: Role\n[\s\S]*?)```/.exec(text)?.[1];
    expect(block).toBeDefined();
    const role = parseAllDocuments(block ?? '')[0]?.toJS() as {
      rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
    };
    const granted = new Set<string>();
    for (const rule of role.rules) {
      for (const group of rule.apiGroups) {
        for (const resource of rule.resources) {
          const [name = '', subresource] = resource.split('/');
          for (const verb of rule.verbs)
            granted.add(describePermission({ verb, group, resource: name, ...(subresource ? { subresource } : {}) }));
        }
      }
    }
    const everyKind = KINDS.map((info): ManifestObject => ({
      file: 'x.yaml',
      document: 1,
      info,
      name: 'x',
      object: {},
    }));
    // A canary by traffic weight needs one more (list replicasets), so the Role grants it too.
    const needed = new Set(requiredPermissions(everyKind, { trafficCanary: true }).map(describePermission));
    expect([...granted].sort()).toEqual([...needed].sort());
  });
});
