import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runBundledAction, visibleOutput, type BundledActionRun } from '../support/run-bundled-action';

/**
 * The bundled plan action checks a kubernetes environment's DEPLOY_KUBECONFIG (its `kubeconfig`
 * input) before anything is built: empty, it is named in one line with where to set it; set, it
 * is listed in the summary and never shown.
 */
const root = resolve(import.meta.dirname, '../..');
const KUBECONFIG = 'apiVersion: v1\nkind: Config\nusers: [{name: ci, user: {token: kube-token-not-real-1234}}]\n';

let dir = '';
let config = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'deploy-kit-plan-kubeconfig-'));
  config = join(dir, 'deploy-kit.yml');
  writeFileSync(
    config,
    `services:
  api:
    image: ghcr.io/daidai/avatar/api
environments:
  production:
    on: release
    target:
      kind: kubernetes
      namespace: shop
      kube-context: prod
      manifests: deploy/k8s
`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function plan(inputs: Record<string, string>): Promise<BundledActionRun> {
  return runBundledAction('plan', {
    eventName: 'release',
    event: JSON.parse(readFileSync(join(root, 'test/fixtures/events/release-released-v1.0.0.json'), 'utf8')) as Record<
      string,
      unknown
    >,
    inputs: { config, ...inputs },
    env: { GITHUB_SHA: 'ffac537e6cbbf934b08745a378932722df287a53', GITHUB_REPOSITORY: 'daidai/avatar' },
  });
}

const errors = (run: BundledActionRun) => run.log.split('\n').filter((line) => line.startsWith('::error::'));

describe('the plan action on a kubernetes environment', () => {
  it('refuses an empty DEPLOY_KUBECONFIG in one line naming it, where to set it and how to pass it', async () => {
    const run = await plan({ kubeconfig: '' });
    expect(run.exitCode).toBe(1);
    expect(errors(run)).toEqual([
      '::error::Secret DEPLOY_KUBECONFIG (the kubeconfig of the cluster of namespace shop (context prod)) is empty for environment "production": set it in Settings → Environments → production → Environment secrets, and have the calling workflow pass it by the same name (DEPLOY_KUBECONFIG: ${{ secrets.DEPLOY_KUBECONFIG }}) or with secrets: inherit',
    ]);
    expect(run.outputs.deploy).toBeUndefined();
  });

  it('passes with the kubeconfig set, listing it in the summary without showing it', async () => {
    const run = await plan({ kubeconfig: KUBECONFIG });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ deploy: 'true', environment: 'production', version: 'v1.0.0' });
    expect(run.summary).toContain(
      '| DEPLOY_KUBECONFIG | the kubeconfig of the cluster of namespace shop (context prod) | yes |',
    );
    expect(visibleOutput(run)).not.toContain('kube-token-not-real-1234');
  });
});
