import { InputError, type RunContext } from '@deploy-kit/action-kit';
import {
  defaultImage,
  parseEnvironment,
  planRelease,
  releaseSkipReason,
  validateImage,
  type Environment,
} from '@deploy-kit/release-plan';
import type { PlanInputs } from './inputs';
import { starterSource } from './starter-sources';
import type { PlanResult, SecretCheck } from './types';

// What a manual deploy may name: a release tag, or a moving tag (then the deploy records what it finds).
const DEPLOYABLE_VERSION = /^(latest|staging|v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?)$/;

/**
 * The inputs path (no config file): one service, `app`, and two environments, staging and production,
 * each with its health URL input. Every setting the chosen target needs is checked here, before the
 * build, naming the input that is missing.
 */
export function decideFromInputs(inputs: PlanInputs, context: RunContext): PlanResult {
  const image = inputs.image ? checkImage(inputs.image) : defaultImage(context.repository);
  let environment: Environment;
  let version: string;
  let imageToDeploy = image;
  const warnings: string[] = [];
  const notices: string[] = [];
  if (inputs.task === 'release') {
    const skip = releaseSkipReason(context.eventName, context.payload);
    if (skip) return { kind: 'skip', reason: skip };
    const plan = planRelease({
      eventName: context.eventName,
      payload: context.payload,
      sha: context.sha,
      ref: context.ref,
      repository: context.repository,
      image,
      environment: inputs.environment,
      version: inputs.version,
      allowNonSemver: inputs['allow-non-semver'],
      existingTags: [],
    });
    environment = plan.environment;
    version = plan.version;
    warnings.push(...plan.warnings);
    notices.push(...plan.notices);
  } else {
    if (!inputs.environment)
      throw new InputError('environment', `is required for task ${inputs.task}: staging or production`);
    environment = inputEnvironment(inputs.environment);
    if (inputs.task === 'deploy') {
      const given = inputs.version;
      if (!given || !DEPLOYABLE_VERSION.test(given)) {
        throw new InputError('version', 'must be latest, staging or a release tag such as v1.2.3');
      }
      // Build metadata (+x) is not allowed in image tags; build-image tags it as -x.
      imageToDeploy = `${image}:${given.replaceAll('+', '-')}`;
      // A moving tag says nothing about the version: the deploy records the tag.
      version = given === 'latest' || given === 'staging' ? '' : given;
    } else {
      version = inputs.version ?? '';
    }
  }
  for (const name of ['staging-url', 'production-url'] as const) for (const url of inputs[name]) checkUrl(name, url);
  for (const name of ['staging-environment-url', 'production-environment-url'] as const) {
    const url = inputs[name];
    if (url !== undefined) checkUrl(name, url);
  }
  const healthUrls = environment === 'staging' ? inputs['staging-url'] : inputs['production-url'];
  // A rollback returns to a release that was healthy before: its check is optional.
  if (!healthUrls.length && inputs.task !== 'rollback') {
    const input = `${environment}-url`;
    throw new InputError(
      input,
      `is empty: the health URL of ${environment} is needed to deploy there${starterSource(input)}`,
    );
  }
  const environmentUrl =
    (environment === 'staging' ? inputs['staging-environment-url'] : inputs['production-environment-url']) ??
    healthUrls[0] ??
    '';
  return {
    kind: 'deploy',
    source: 'inputs',
    environment,
    version,
    services: [{ service: 'app', image: imageToDeploy, healthUrls }],
    healthUrls,
    environmentUrl,
    secrets: checkTargetSettings(inputs),
    warnings,
    notices,
  };
}

function checkUrl(input: string, value: string): void {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InputError(input, 'must be http(s) URLs, one per line, e.g. https://example.com/health');
  }
}

function inputEnvironment(value: string): Environment {
  try {
    return parseEnvironment(value);
  } catch {
    throw new InputError('environment', 'must be staging or production');
  }
}

function checkImage(image: string): string {
  try {
    return validateImage(image);
  } catch (error) {
    throw new InputError('image', `is not usable: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The target's settings (each missing one names its input) and the secrets it needs. */
function checkTargetSettings(inputs: PlanInputs): SecretCheck[] {
  if (inputs.target === 'command') {
    if (!inputs.command) throw new InputError('command', 'is empty: target command runs this script to deploy');
    return [];
  }
  const needed = [
    ['ssh-host', 'the server to deploy to'],
    ['ssh-user', 'the SSH user on the server'],
    ['project-dir', 'the compose project folder on the server'],
  ] as const;
  for (const [name, what] of needed) {
    if (!inputs[name]) throw new InputError(name, `is empty: target ssh-compose needs ${what}${starterSource(name)}`);
  }
  const host = `${inputs['ssh-user']}@${inputs['ssh-host']}`;
  const secrets: SecretCheck[] = [
    {
      name: 'ssh-key',
      input: 'ssh-key',
      purpose: `the private key of ${host}`,
      present: Boolean(inputs['ssh-key']?.trim()),
    },
  ];
  if (!inputs['ssh-insecure-skip-host-key']) {
    secrets.push({
      name: 'ssh-known-hosts',
      input: 'ssh-known-hosts',
      purpose: `the host key of ${inputs['ssh-host']} (ssh-keyscan output)`,
      present: Boolean(inputs['ssh-known-hosts']?.trim()),
    });
  }
  return secrets;
}
