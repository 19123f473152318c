import { describe, expect, it } from '@jest/globals';
import { formatProblem } from './format';
import { parseConfig } from './parse-config';
import type { DeployConfig } from './types';

const FILE = '.github/deploy-kit.yml';

/** Two services and one Kubernetes environment; `target` is the target's extra lines (6 spaces deep). */
const file = (target: string) => `services:
  api:
    context: api
  frontend:
    context: frontend
environments:
  production:
    on: release
    target:
      kind: kubernetes
      namespace: shop
      manifests: deploy/k8s
${target}`;

function load(text: string): DeployConfig {
  const result = parseConfig(text, { file: FILE, repository: 'acme/shop' });
  if (result.kind !== 'ok') throw new Error(`expected a valid file, got ${JSON.stringify(result)}`);
  return result.config;
}

function problems(text: string): string[] {
  const result = parseConfig(text, { file: FILE, repository: 'acme/shop' });
  return result.kind === 'invalid' ? result.problems.map(formatProblem) : [];
}

describe('kind: kubernetes in the config file', () => {
  it('resolves every setting, a workload for every service, and the defaults', () => {
    const config = load(
      file(`      kube-context: prod-cluster
      workloads:
        api: deployment/api:server
      deploy-timeout: 5m
      force-conflicts: true
`),
    );
    expect(config.environments[0]?.target).toEqual({
      kind: 'kubernetes',
      kubeContext: 'prod-cluster',
      namespace: 'shop',
      manifests: 'deploy/k8s',
      // frontend is not named: the manifests' Deployment and container named after it.
      workloads: [
        { service: 'api', deployment: 'api', container: 'server' },
        { service: 'frontend', deployment: 'frontend', container: 'frontend' },
      ],
      deployTimeoutMs: 300_000,
      forceConflicts: true,
    });
  });

  it('defaults: no context, 10m, no forced conflicts', () => {
    expect(load(file('')).environments[0]?.target).toMatchObject({
      deployTimeoutMs: 600_000,
      forceConflicts: false,
    });
    expect(load(file('')).environments[0]?.target).not.toHaveProperty('kubeContext');
  });

  it('a workload for a service the file does not have is an error naming it, where it is written', () => {
    expect(
      problems(
        file(`      workloads:
        api: deployment/api:api
        fronted: deployment/web:nginx
`),
      ),
    ).toEqual([
      `${FILE}:15:9: environments.production.target.workloads.fronted: no service named "fronted"; did you mean "frontend"?`,
    ]);
  });

  it('refuses a bad namespace, a workload that is not deployment/NAME:CONTAINER, a missing manifests and a kubeconfig key', () => {
    const text = `services:
  api: {}
environments:
  staging:
    target:
      kind: kubernetes
      namespace: Shop_Staging
      kubeconfig: apiVersion v1
      workloads:
        api: statefulset/api
`;
    expect(problems(text)).toEqual([
      `${FILE}:5:5: environments.staging.target.manifests: required: a folder of the repository such as deploy/k8s`,
      `${FILE}:7:7: environments.staging.target.namespace: expected a namespace such as shop`,
      `${FILE}:8:7: environments.staging.target.kubeconfig: looks like a secret; secrets never go in this file: set it as the secret DEPLOY_KUBECONFIG of the GitHub environment "staging"`,
      `${FILE}:10:9: environments.staging.target.workloads.api: expected deployment/NAME:CONTAINER`,
    ]);
  });

  it('an unknown target kind lists kubernetes among the kinds', () => {
    expect(problems(file('').replace('kind: kubernetes', 'kind: k8s'))).toEqual([
      `${FILE}:10:7: environments.production.target.kind: expected kind: ssh-compose or command or kubernetes`,
    ]);
  });
});
