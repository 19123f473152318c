// The product's path from a config file to a target: `.github/deploy-kit.yml` text, parsed by
// the model (parseConfig, as the deploy action loads it), and its environment's target and
// strategy handed to targetFromSettings with the environment's SSH secrets. What the bench
// deploys through is the DeployTarget the deploy action would get for that file.
import { toHealthCheckOptions, type HealthCheckOptions } from '@deploy-kit/health';
import { formatProblem, parseConfig } from '@deploy-kit/model';
import { targetFromSettings, type DeployTarget, type TargetLog } from '@deploy-kit/targets';

export const quietLog: TargetLog = {
  info: () => undefined,
  warning: () => undefined,
  group: <T>(_: string, work: () => Promise<T>) => work(),
};

export interface SshHost {
  port: number;
  user: string;
  privateKey: string;
  knownHosts: string;
}

/** The config file of one environment `production` on one ssh-compose host, with `strategy` (YAML lines at 4 spaces). */
export function configText(host: SshHost, projectDir: string, strategy: string): string {
  return [
    'services:',
    '  api:',
    '    context: api',
    'environments:',
    '  production:',
    '    target:',
    '      kind: ssh-compose',
    '      hosts: [127.0.0.1]',
    `      user: ${host.user}`,
    `      port: ${host.port}`,
    `      project-dir: ${projectDir}`,
    strategy,
    '',
  ].join('\n');
}

/** The deploy target the deploy action builds for this config file's `production` environment. */
export function targetFromConfig(text: string, host: SshHost, health: HealthCheckOptions[]): DeployTarget {
  const parsed = parseConfig(text, { file: '.github/deploy-kit.yml', repository: 'octo-org/shop' });
  if (parsed.kind !== 'ok') {
    const why = parsed.kind === 'invalid' ? parsed.problems.map(formatProblem).join('; ') : 'missing';
    throw new Error(`bench config refused: ${why}\n${text}`);
  }
  const environment = parsed.config.environments.find((e) => e.name === 'production');
  if (!environment) throw new Error('bench config: no production environment');
  return targetFromSettings(
    environment.target,
    { sshKey: host.privateKey, knownHosts: host.knownHosts },
    { log: quietLog, where: 'environments.production.target', strategy: environment.strategy, health },
  );
}

/** The environment's health check on `url`: status ok and the version being deployed. */
export function healthOn(url: string, version: string): HealthCheckOptions {
  return toHealthCheckOptions([url], {
    method: 'GET',
    headers: undefined,
    body: undefined,
    'expected-status': '200',
    json: 'status == "ok"',
    'body-contains': undefined,
    'body-regex': undefined,
    'expect-version': version,
    'json-version-path': 'version',
    timeout: 5_000,
    interval: 500,
    backoff: 'constant',
    'max-interval': 2_000,
    'max-attempts': undefined,
    deadline: 60_000,
    'consecutive-successes': 1,
    'failure-threshold': 3,
    'max-latency': undefined,
    'follow-redirects': true,
    'insecure-tls': false,
    'fail-on-unhealthy': true,
    'redact-query-params': '',
  });
}
