import { describe, expect, it } from '@jest/globals';
import { InputError, parseInputs, UserError } from '@deploy-kit/action-kit';
import { parseHealthCheckInputs, toHealthCheckOptions } from '@deploy-kit/health';
import { pipelineFields, pipelineSecretInputs } from './inputs';
import { eventFor } from './notify-stage';
import { preparePipeline } from './prepare';
import { rollbackHealth } from './release-stages';

const env = {
  GITHUB_REPOSITORY: 'octo-org/hello-world',
  GITHUB_SHA: 'ffac537e6cbbf934b08745a378932722df287a53',
  GITHUB_ACTOR: 'octocat',
  GITHUB_RUN_ID: '42',
  GITHUB_API_URL: 'http://127.0.0.1:9',
};

const required = {
  environment: 'production',
  image: 'ghcr.io/acme/shop:v2.0.0',
  target: 'command',
  command: './deploy.sh',
  'github-token': 'ghs_example',
};

const prepare = (raw: Record<string, string>, environment: NodeJS.ProcessEnv = env) =>
  preparePipeline(parseInputs(pipelineFields, { ...required, ...raw }, pipelineSecretInputs), environment);

describe('preparePipeline', () => {
  it('takes the version from the image tag and the rollback policy from the input', () => {
    const prepared = prepare({ 'rollback-on': 'failure' });
    expect(prepared.version).toBe('v2.0.0');
    expect(prepared.rollbackOn).toBe('failure');
    expect(prepared.channels).toEqual([]);
  });

  it.each([
    [{ image: 'ghcr.io/acme/shop@sha256:' + 'a'.repeat(64) }, 'Input "version" is required when "image" names no tag'],
    [{ 'webhook-secret': 'shh' }, 'Input "webhook-secret" is set but "webhook-url" is not'],
    [{ target: 'ssh-compose' }, 'Input "ssh-host" is required when target is ssh-compose'],
    [{ 'health-url': 'https://shop.example.com/health', json: 'status = ok' }, 'Input "json" line 1'],
  ])('refuses %j before anything is contacted', (raw, message) => {
    expect(() => prepare(raw)).toThrow(InputError);
    expect(() => prepare(raw)).toThrow(message);
  });

  it('records production_environment exactly as the checks treat the environment (the production input)', () => {
    expect(prepare({}).release.deps.productionEnvironment).toBe(true);
    expect(prepare({ environment: 'live', production: 'true' }).release.deps.productionEnvironment).toBe(true);
    expect(prepare({ production: 'false' }).release.deps.productionEnvironment).toBe(false);
    expect(prepare({ environment: 'staging' }).release.deps.productionEnvironment).toBe(false);
  });

  it('needs a commit to record', () => {
    const { GITHUB_SHA: _sha, ...withoutSha } = env;
    expect(() => prepare({}, withoutSha)).toThrow(UserError);
    expect(() => prepare({}, withoutSha)).toThrow('GITHUB_SHA is not set');
  });
});

describe('eventFor', () => {
  it('adds what happened under the user message, for the environment and version announced', () => {
    const prepared = prepare({ message: 'Shipped by {actor}', 'environment-url': 'https://shop.example.com' });
    expect(
      eventFor(prepared, { status: 'rolled-back', version: 'v1.0.0', detail: 'v2.0.0 failed its health check.' }),
    ).toEqual({
      status: 'rolled-back',
      environment: 'production',
      version: 'v1.0.0',
      environmentUrl: 'https://shop.example.com',
      message: 'Shipped by {actor}\n\nv2.0.0 failed its health check.',
      repository: 'octo-org/hello-world',
      sha: env.GITHUB_SHA,
      actor: 'octocat',
      runUrl: 'https://github.com/octo-org/hello-world/actions/runs/42',
      serverUrl: 'https://github.com',
    });
  });

  it('sends no message text when there is none to send', () => {
    expect(eventFor(prepare({}), { status: 'success', version: 'v2.0.0' })).not.toHaveProperty('message');
  });
});

describe('rollbackHealth', () => {
  const options = (expectVersion: string) =>
    toHealthCheckOptions(['https://shop.example.com/health'], {
      ...parseHealthCheckInputs({ json: 'status == "ok"' }),
      'expect-version': expectVersion || undefined,
    });

  it('expects the rolled-back-to version where the deploy expected its own', () => {
    const checked = rollbackHealth(options('v2.0.0'), 'v1.0.0');
    expect(checked.expectVersion).toBe('v1.0.0');
    expect(checked.json).toEqual(options('v2.0.0').json);
  });

  it('leaves a check without expect-version as it is', () => {
    const given = options('');
    expect(rollbackHealth(given, 'v1.0.0')).toBe(given);
  });
});
