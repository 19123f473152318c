import { strategySchema } from '@deploy-kit/rollout';
import { z } from 'zod';
import { DURATION, HOST_NAME, ONE_LINE, PATH_TEXT, USER_NAME, VARIABLE_NAME } from './names';

/**
 * The schema of `.github/deploy-kit.yml`, written once: the loader validates with it, the
 * committed JSON Schema (editor completion) is generated from it, and its defaults are the
 * documented ones. Keys are spelled as the action inputs spell them. Names (service and
 * environment keys), cross references and secrets are checked by the loader, which knows where
 * each key sits in the file.
 */

/** Every message reads `expected ...`, or `required: ...` when the key is missing. */
function expected(what: string) {
  return {
    error: (issue: { input?: unknown }) => (issue.input === undefined ? `required: ${what}` : `expected ${what}`),
  };
}

function text(pattern: RegExp, what: string) {
  return z.string(expected(what)).regex(pattern, expected(what));
}

function flag(fallback: boolean, what: string) {
  return z.boolean(expected('true or false')).default(fallback).describe(what);
}

function duration(fallback: string, what: string) {
  return text(DURATION, 'a duration such as 500ms, 5s, 2m or 1h').default(fallback).describe(what);
}

function count(min: number, max: number, what: string) {
  const is = expected(`a whole number from ${min} to ${max}`);
  return z.int(is).min(min, is).max(max, is).describe(what);
}

function list<T extends z.ZodType>(item: T, what: string) {
  return z.array(item, expected(what));
}

const httpUrl = z.url({ protocol: /^https?$/, ...expected('an http(s) URL') });

export const RELEASE_KINDS = ['prerelease', 'release'] as const;
const releaseKind = z.enum(RELEASE_KINDS, expected('prerelease or release'));

const serviceHealthSchema = z
  .strictObject(
    {
      json: list(text(ONE_LINE, 'an assertion such as status == "ok"'), 'a list of JSON assertions')
        .default([])
        .describe(
          'JSON assertions on the body, one per item: PATH == VALUE, PATH != VALUE, PATH exists, PATH =~ REGEX.',
        ),
      'expect-version': flag(
        false,
        'The service must report the version being deployed (read at json-version-path), so the old release answering does not count.',
      ),
      'json-version-path': text(ONE_LINE, 'a JSON path such as version')
        .default('version')
        .describe('Where expect-version is read in the JSON body.'),
      'expected-status': z
        .union([z.string(), z.int()], expected('status codes such as 200-299 or 200,204'))
        .default('200-299')
        .describe('Accepted status codes, e.g. 200-299 or 200,204,300-399.'),
      method: text(/^[A-Z]+$/, 'an HTTP method such as GET')
        .default('GET')
        .describe('HTTP method.'),
      'body-contains': text(ONE_LINE, 'one line of text').optional().describe('Text the body must contain.'),
      'body-regex': z
        .string(expected('a regular expression'))
        .optional()
        .describe('A regular expression the body must match.'),
      timeout: duration('5s', 'Time allowed for each request.'),
      interval: duration('2s', 'Wait before the second attempt.'),
      backoff: text(
        /^(?:exponential(?::\d+(?:\.\d+)?)?|linear|constant)$/,
        'exponential, exponential:FACTOR, linear or constant',
      )
        .default('exponential')
        .describe('How the wait grows between attempts.'),
      'max-interval': duration('30s', 'The longest wait between attempts.'),
      'max-attempts': count(
        1,
        1_000_000,
        'Attempts per URL before it counts as unhealthy (default: until the deadline).',
      ).optional(),
      deadline: duration('5m', 'Total time allowed for the check.'),
      'consecutive-successes': count(1, 1000, 'Passing answers in a row needed to count as healthy.').default(1),
      'failure-threshold': count(
        1,
        1000,
        'Definite failures in a row (an answer that failed a check) after which a URL is unhealthy at once.',
      ).default(3),
      'max-latency': text(DURATION, 'a duration such as 800ms').optional().describe('Slowest acceptable answer.'),
      'follow-redirects': flag(true, 'Follow redirects.'),
      'insecure-tls': flag(false, 'Accept any TLS certificate (self-signed).'),
      'redact-query-params': list(text(/^[^\s,]+$/, 'a query parameter name'), 'a list of query parameter names')
        .default([])
        .describe('More query parameter names whose values are shown as *** (besides token, key, secret, ...).'),
    },
    expected('a map of health settings, e.g. { json: [\'status == "ok"\'] }'),
  )
  .describe('How this service is judged healthy. Its URLs are per environment: environments.<name>.health.<service>.');

const buildArgValue = z.union([z.string(), z.number(), z.boolean()], expected('a value (text, number or true/false)'));

const serviceSchema = z
  .strictObject(
    {
      context: text(PATH_TEXT, 'a directory of the repository').default('.').describe('The build context directory.'),
      image: z
        .string(expected('an image name without tag, e.g. ghcr.io/acme/api'))
        .optional()
        .describe('Image name without tag. Default: ghcr.io/<owner>/<repo>/<service>, lower-cased.'),
      dockerfile: text(PATH_TEXT, 'a file of the repository')
        .optional()
        .describe('The Dockerfile (build-image input `file`). Default: <context>/Dockerfile.'),
      'build-args': z
        .record(z.string(), buildArgValue, expected('a map of NAME: value'))
        .default({})
        .describe('Build arguments, NAME: value. Not for secrets.'),
      platforms: list(
        text(/^[a-z0-9]+\/[a-z0-9]+(?:\/[a-z0-9]+)?$/, 'a platform such as linux/amd64'),
        'a list of platforms',
      )
        .default([])
        .describe('Target platforms, e.g. [linux/amd64, linux/arm64]. Default: the runner’s platform.'),
      'compose-service': text(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a compose service name')
        .optional()
        .describe('The compose service that runs this image. Default: the service’s own name.'),
      'image-variable': text(VARIABLE_NAME, 'a variable name such as API_IMAGE')
        .optional()
        .describe(
          'The variable the compose file reads the image from (image: ${API_IMAGE}). Default: <SERVICE>_IMAGE.',
        ),
      health: serviceHealthSchema.prefault({}),
    },
    expected('a map of service settings, e.g. { context: api-server }'),
  )
  .describe('One image built per release and run by each environment’s target.');

const sshComposeTargetSchema = z
  .strictObject({
    kind: z.literal('ssh-compose'),
    hosts: list(text(HOST_NAME, 'a host name or IP address'), 'a list of host names')
      .min(1, expected('a list of host names'))
      .describe('The servers, e.g. [prod.example.com].'),
    user: text(USER_NAME, 'a user name such as deploy').describe(
      'The SSH user; it must be able to run compose in project-dir.',
    ),
    port: count(1, 65535, 'SSH port.').default(22),
    'project-dir': text(PATH_TEXT, 'a directory on the host such as /opt/app').describe(
      'The compose project directory on the host (where .env and the compose file live).',
    ),
    'compose-file': text(PATH_TEXT, 'a file name within project-dir')
      .optional()
      .describe('Compose file within project-dir. Default: compose’s own (compose.yaml, docker-compose.yml, ...).'),
    'compose-command': text(/^[A-Za-z0-9][A-Za-z0-9 ._/-]*$/, 'a command such as docker compose')
      .default('docker compose')
      .describe('The compose command on the host: docker compose, docker-compose or podman-compose.'),
    'connect-timeout': duration('20s', 'Time allowed to establish the SSH connection.'),
    'deploy-timeout': duration('10m', 'Time allowed for each remote command.'),
    'registry-login': flag(true, 'Log the host into the registry before pulling.'),
    'insecure-skip-host-key': flag(false, 'Connect without verifying the host key. Insecure; warns on every run.'),
  })
  .describe('SSH to each host, set every service’s image in .env, compose pull and up -d.');

const commandTargetSchema = z
  .strictObject({
    kind: z.literal('command'),
    command: text(/\S/, 'a script').describe(
      'Your script, run on the runner with bash -eo pipefail. It receives DEPLOY_* variables; pass secrets through the step’s env.',
    ),
    'deploy-timeout': duration('10m', 'Time allowed for the whole script.'),
  })
  .describe('Your own script on the runner.');

/** A Kubernetes name (namespace, Deployment, container): an RFC 1123 label. */
const KUBE_NAME = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

const kubernetesTargetSchema = z
  .strictObject({
    kind: z.literal('kubernetes'),
    'kube-context': text(/^[^-\s][^\s]*$/, 'a context name of the kubeconfig')
      .optional()
      .describe('The kubeconfig context to use. Default: its current-context.'),
    namespace: text(KUBE_NAME, 'a namespace such as shop').describe(
      'The namespace every object of the manifests goes to (one per environment).',
    ),
    manifests: text(PATH_TEXT, 'a folder of the repository such as deploy/k8s').describe(
      'The folder of plain YAML manifests applied by server-side apply.',
    ),
    workloads: z
      .record(
        z.string(),
        text(
          /^deployment\/[a-z0-9](?:[-a-z0-9]*[a-z0-9])?:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/,
          'deployment/NAME:CONTAINER',
        ),
        expected('a map of service: deployment/NAME:CONTAINER'),
      )
      .default({})
      .describe(
        'The Deployment and container each service runs in, e.g. api: deployment/api:api. Default: deployment/<service>:<service>.',
      ),
    'deploy-timeout': duration('10m', 'Time allowed for every workload to finish rolling out.'),
    'force-conflicts': flag(false, 'Take over fields another field manager owns (server-side apply force).'),
  })
  .describe(
    'Server-side apply of the manifests with each service pinned by digest; the kubeconfig is the DEPLOY_KUBECONFIG secret.',
  );

export const TARGET_KINDS = ['ssh-compose', 'command', 'kubernetes'] as const;

// Tagged by `kind`.
const targetSchema = z
  .discriminatedUnion(
    'kind',
    [sshComposeTargetSchema, commandTargetSchema, kubernetesTargetSchema],
    expected(`kind: ${TARGET_KINDS.join(' or ')}`),
  )
  .describe('Where and how this environment runs the services.');

const notifySchema = z
  .strictObject(
    {
      started: flag(false, 'Also send a message once the checks passed, before deploying.'),
      message: z
        .string(expected('text'))
        .optional()
        .describe('Text added to every message; placeholders such as {version}.'),
      'email-to': list(text(/^[^\s,]+@[^\s,]+$/, 'an email address'), 'a list of email addresses')
        .default([])
        .describe('Email recipients (the SMTP server comes from the SMTP_URL secret).'),
      'email-from': text(ONE_LINE, 'a sender such as Deploys <deploys@example.com>')
        .optional()
        .describe('Email sender.'),
      'fail-on-error': flag(false, 'Fail when a message could not be delivered.'),
      timeout: duration('10s', 'Time limit for each request to a channel.'),
    },
    expected('a map of notify settings'),
  )
  .describe('Messages about deploys. The channels’ webhook URLs and SMTP URL are secrets of the GitHub environment.');

const healthUrls = z
  .union([httpUrl, z.array(httpUrl).min(1)], expected('an http(s) URL or a list of them'))
  .describe('The URL(s) that must be healthy after a deploy.');

const environmentSchema = z
  .strictObject(
    {
      on: z
        .union([releaseKind, z.array(releaseKind).min(1)], expected('prerelease, release or a list of them'))
        .optional()
        .describe('Which releases deploy here: prerelease | release. Without it, only manual deploys.'),
      url: httpUrl.optional().describe('The environment’s URL, recorded on the deployment.'),
      health: z
        .record(z.string(), healthUrls, expected('a map of service: URL'))
        .default({})
        .describe('Health URL(s) per service, checked after each deploy.'),
      target: targetSchema,
      strategy: strategySchema.describe(
        'How a release replaces the running one: recreate (default), blue-green, rolling or canary. Reference: docs/rollouts.md.',
      ),
      freeze: list(text(ONE_LINE, 'a window such as Fri 18:00 - Mon 08:00 Europe/Berlin'), 'a list of freeze windows')
        .default([])
        .describe('Windows when deploys are refused unless forced: Fri 18:00 - Mon 08:00 Europe/Berlin, or dated.'),
      'require-checks': flag(false, 'Require the commit’s statuses and check runs to be green.'),
      'ignore-checks': list(text(ONE_LINE, 'a check name'), 'a list of check names')
        .default([])
        .describe('Check or status names left out of require-checks.'),
      'required-env': list(text(VARIABLE_NAME, 'a variable name such as DATABASE_URL'), 'a list of variable names')
        .default([])
        .describe('Environment variables that must be set and non-empty in the deploy job.'),
      'require-environment': flag(true, 'Require the GitHub environment to exist in the repository settings.'),
      production: z
        .union([z.literal('auto'), z.boolean()], expected('auto, true or false'))
        .default('auto')
        .describe(
          'auto: an environment named production or prod is production. Production refuses prereleases and downgrades.',
        ),
      'rollback-on': z
        .enum(['unhealthy', 'failure', 'never'], expected('unhealthy, failure or never'))
        .default('unhealthy')
        .describe('When to roll back automatically to the last good release.'),
      notify: notifySchema.prefault({}),
    },
    expected('a map of environment settings, e.g. { on: release, target: ... }'),
  )
  .describe('A GitHub environment and where it runs. Its secrets (SSH key, known hosts, webhooks) stay in GitHub.');

export const configFileSchema = z
  .strictObject(
    {
      services: z
        .record(z.string(), serviceSchema, expected('a map of services, e.g. api: { context: api-server }'))
        .refine((services) => Object.keys(services).length > 0, expected('at least one service'))
        .describe('The images of a release, by name. A release builds and deploys all of them together.'),
      environments: z
        .record(z.string(), environmentSchema, expected('a map of environments, e.g. staging: { on: prerelease, ... }'))
        .refine((environments) => Object.keys(environments).length > 0, expected('at least one environment'))
        .describe('Where releases go, by GitHub environment name.'),
    },
    expected('a map with services: and environments:'),
  )
  .describe('deploy-kit configuration (.github/deploy-kit.yml). Reference: docs/configuration.md.');

/** The file as validated, keys as written, defaults filled in. */
export type ConfigFile = z.output<typeof configFileSchema>;
export type ServiceEntry = z.output<typeof serviceSchema>;
export type EnvironmentEntry = z.output<typeof environmentSchema>;
export type TargetEntry = z.output<typeof targetSchema>;
export type ServiceHealthEntry = z.output<typeof serviceHealthSchema>;
export type NotifyEntry = z.output<typeof notifySchema>;
