import { HTTP_METHODS } from '@deploy-kit/action-kit';
import { DEPLOY_STATUSES } from '@deploy-kit/notify';

/**
 * What each action input is, as far as refusing bad values goes. Every input
 * of every action.yml must have a kind here (the property test fails on one
 * that has none), so a new input is tested the day it is added.
 */
export type InputKind =
  /** One line of free text: only CR, LF and NUL are wrong. */
  | { kind: 'line' }
  /** One line with a syntax: `bad` are values it must refuse. */
  | { kind: 'syntax'; bad: readonly string[] }
  /** Several lines: NUL is wrong, and so is each of `bad`. */
  | { kind: 'text'; bad: readonly string[] }
  | { kind: 'duration'; maxMs: number }
  | { kind: 'enum'; values: readonly string[]; anyCase: boolean }
  | { kind: 'integer'; min: number; max: number };

/** Also refused with a leading `-`: values that reach a command line, which must never read as an option. */
export const OPTION_SAFE = new Set([
  'image',
  'ssh-host',
  'ssh-user',
  'context',
  'project-dir',
  'compose-file',
  'services',
  'compose-command',
  'kube-context',
  'manifests',
]);

const H = 3_600_000;
const line: InputKind = { kind: 'line' };
const boolean: InputKind = { kind: 'enum', values: ['true', 'false'], anyCase: true };
const duration = (maxMs: number): InputKind => ({ kind: 'duration', maxMs });
const syntax = (...bad: string[]): InputKind => ({ kind: 'syntax', bad });
const text = (...bad: string[]): InputKind => ({ kind: 'text', bad });
const oneOf = (values: readonly string[], anyCase = false): InputKind => ({ kind: 'enum', values, anyCase });
const URL_GARBAGE = ['not a url', 'ftp://example.com/x', 'http//missing-colon', 'javascript:alert(1)'];
const IMAGE_GARBAGE = ['Not An Image', 'ghcr.io/Acme/Shop:v1', 'ghcr.io/acme/shop:', 'ghcr.io//shop', ':tag'];

const shared: Record<string, InputKind> = {
  // build-image
  context: line,
  file: line,
  'build-args': text('VERSION', '=value', 'no equals sign'),
  platforms: text('linux', 'not a platform', 'linux/amd64/v8/extra'),
  push: boolean,
  promote: boolean,
  'semver-tags': boolean,
  'allow-non-semver': boolean,
  labels: text('org.opencontainers.image.title', '=x'),
  cache: oneOf(['gha', 'registry', 'none']),
  // the config file (build-image, plan, and the deploy actions' config path)
  config: line,
  // plan
  task: oneOf(['release', 'deploy', 'rollback']),
  'check-secrets': boolean,
  'staging-url': text(...URL_GARBAGE),
  'production-url': text(...URL_GARBAGE),
  'staging-environment-url': syntax(...URL_GARBAGE),
  'production-environment-url': syntax(...URL_GARBAGE),
  // shared by several actions
  image: syntax(...IMAGE_GARBAGE),
  version: line,
  environment: line,
  'registry-username': line,
  'registry-password': line,
  'github-token': line,
  'environment-url': syntax(...URL_GARBAGE),
  // pre-deploy-check (and the pipeline)
  production: oneOf(['auto', 'true', 'false']),
  force: boolean,
  rollback: boolean,
  'required-env': text('1BAD', 'NOT-A-NAME', 'a.b'),
  'require-checks': boolean,
  'ignore-checks': text(),
  freeze: text('whenever', 'Fri 18:00', 'Someday 10:00 - Monday 08:00 UTC'),
  'require-environment': boolean,
  sha: line,
  'registry-timeout': duration(24 * H),
  // targets
  target: oneOf(['ssh-compose', 'command', 'kubernetes']),
  'deploy-timeout': duration(24 * H),
  'ssh-host': line,
  'ssh-port': { kind: 'integer', min: 1, max: 65535 },
  'ssh-user': line,
  'ssh-key': text(),
  'ssh-known-hosts': text(),
  'ssh-insecure-skip-host-key': boolean,
  'ssh-connect-timeout': duration(24 * H),
  'project-dir': line,
  'compose-file': line,
  services: text(),
  'compose-command': line,
  'image-variable': syntax('1IMAGE', 'IMAGE-TAG', 'a b', '${IMAGE}'),
  command: text(),
  // kubernetes (the baseline target is ssh-compose, so only what every target refuses applies to workloads)
  kubeconfig: text(),
  'kube-context': line,
  namespace: syntax('Shop', '-shop', 'a b', 'shop_prod', 'x'.repeat(64)),
  manifests: line,
  workloads: text(),
  // health
  url: text(...URL_GARBAGE),
  'health-url': text(...URL_GARBAGE),
  method: oneOf(HTTP_METHODS, true),
  headers: text('NoColon', ': no name', 'Bad Name: x'),
  body: text(),
  'expected-status': syntax('ok', '600', '299-200', '2xx-', 'abc'),
  json: text('status = ok', 'status ==', '== ok', 'checks.db is up'),
  'body-contains': line,
  'body-regex': syntax('(', '[a-', '*'),
  'expect-version': line,
  'json-version-path': syntax('a..b', '[', 'a[', '.'),
  timeout: duration(24 * H),
  interval: duration(24 * H),
  backoff: syntax('sometimes', 'exponential:', 'exponential:x', 'linear:2', 'fast'),
  'max-interval': duration(24 * H),
  'max-attempts': { kind: 'integer', min: 1, max: 1_000_000 },
  deadline: duration(24 * H),
  'consecutive-successes': { kind: 'integer', min: 1, max: 1000 },
  'failure-threshold': { kind: 'integer', min: 1, max: 1000 },
  'max-latency': duration(24 * H),
  'follow-redirects': boolean,
  'insecure-tls': boolean,
  'fail-on-unhealthy': boolean,
  'redact-query-params': text(),
  'registry-login': boolean,
  // rollback
  to: line,
  reason: line,
  // notify
  status: oneOf(DEPLOY_STATUSES),
  message: text('{nope}', 'Deployed {versoin}'),
  'slack-webhook-url': syntax(...URL_GARBAGE),
  'teams-webhook-url': syntax(...URL_GARBAGE, 'https://acme.webhook.office.com/webhookb2/x'),
  'discord-webhook-url': syntax(...URL_GARBAGE),
  'webhook-url': syntax(...URL_GARBAGE),
  'webhook-secret': line,
  'smtp-url': syntax('smtp//host', 'http://host:25', 'mail.example.com'),
  'email-to': syntax('nobody', 'a@b, not an address', '@example.com'),
  'email-from': syntax('nobody', 'Deploys <>', 'a@@b'),
  'pagerduty-routing-key': syntax('short', 'x'.repeat(33), `${'x'.repeat(31)} `),
  'pagerduty-url': syntax(...URL_GARBAGE, 'http://events.pagerduty.com/v2/enqueue'),
  'fail-on-error': boolean,
  // the one-step action
  'rollback-on': oneOf(['unhealthy', 'failure', 'never']),
  'notify-started': boolean,
  'notify-fail-on-error': boolean,
  'notify-timeout': duration(10 * 60_000),
};

/** Where one action reads an input differently from the others. */
const perAction: Record<string, Record<string, InputKind>> = {
  'build-image': { environment: oneOf(['staging', 'production']) },
  notify: { timeout: duration(10 * 60_000) },
};

export function inputKind(action: string, input: string): InputKind | undefined {
  return perAction[action]?.[input] ?? shared[input];
}
