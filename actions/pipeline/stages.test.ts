import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
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
  it('takes the version from the image tag and the rollback policy from the input', async () => {
    const prepared = await prepare({ 'rollback-on': 'failure' });
    expect(prepared.version).toBe('v2.0.0');
    expect(prepared.rollbackOn).toBe('failure');
    expect(prepared.channels).toEqual([]);
  });

  it.each([
    [{ image: 'ghcr.io/acme/shop@sha256:' + 'a'.repeat(64) }, 'Input "version" is required when "image" names no tag'],
    [{ 'webhook-secret': 'shh' }, 'Input "webhook-secret" is set but "webhook-url" is not'],
    [{ target: 'ssh-compose' }, 'Input "ssh-host" is required when target is ssh-compose'],
    [{ 'health-url': 'https://shop.example.com/health', json: 'status = ok' }, 'Input "json" line 1'],
  ])('refuses %j before anything is contacted', async (raw, message) => {
    await expect(prepare(raw)).rejects.toThrow(InputError);
    await expect(prepare(raw)).rejects.toThrow(message);
  });

  it('records production_environment exactly as the checks treat the environment (the production input)', async () => {
    const production = async (raw: Record<string, string>) => (await prepare(raw)).release.deps.productionEnvironment;
    expect(await production({})).toBe(true);
    expect(await production({ environment: 'live', production: 'true' })).toBe(true);
    expect(await production({ production: 'false' })).toBe(false);
    expect(await production({ environment: 'staging' })).toBe(false);
  });

  it('needs a commit to record', async () => {
    const { GITHUB_SHA: _sha, ...withoutSha } = env;
    await expect(prepare({}, withoutSha)).rejects.toThrow(UserError);
    await expect(prepare({}, withoutSha)).rejects.toThrow('GITHUB_SHA is not set');
  });
});

describe('preparePipeline with a config file', () => {
  const work = mkdtempSync(join(tmpdir(), 'deploy-kit-pipeline-config-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const config = join(work, 'deploy-kit.yml');
  writeFileSync(
    config,
    [
      'services:',
      '  api:',
      '    image: ghcr.io/acme/shop/api',
      '  frontend:',
      '    image: ghcr.io/acme/shop/frontend',
      'environments:',
      '  live:',
      '    on: release',
      '    url: https://shop.example.com',
      '    production: true',
      "    freeze: ['Fri 18:00 - Mon 08:00 UTC']",
      '    health:',
      '      api: https://api.shop.example.com/health',
      '    target:',
      '      kind: command',
      '      command: ./deploy.sh',
      '',
    ].join('\n'),
  );
  const fromFile = (raw: Record<string, string>) => {
    const { image: _image, ...withoutImage } = required;
    return preparePipeline(
      parseInputs(pipelineFields, { ...withoutImage, environment: 'live', config, ...raw }, pipelineSecretInputs),
      env,
    );
  };

  it("deploys every service of the file's environment, checked by the file's settings", async () => {
    const prepared = await fromFile({ version: 'v2.0.0', force: 'true' });
    expect(prepared.services.map((s) => [s.slot.service, s.slot.imageVariable, s.image])).toEqual([
      ['api', 'API_IMAGE', 'ghcr.io/acme/shop/api:v2.0.0'],
      ['frontend', 'FRONTEND_IMAGE', 'ghcr.io/acme/shop/frontend:v2.0.0'],
    ]);
    expect(prepared.version).toBe('v2.0.0');
    expect(prepared.checks).toMatchObject({ environment: 'live', production: 'true', force: true });
    expect(prepared.checks.freeze).toHaveLength(1);
    expect(prepared.release.deps.productionEnvironment).toBe(true);
    expect(prepared.release.deps.environmentUrl).toBe('https://shop.example.com');
    expect(prepared.release.deps.health?.map((h) => h.urls)).toEqual([['https://api.shop.example.com/health']]);
    expect(prepared.release.deps.movingTags?.takes).toEqual(['release']);
  });

  it.each([
    [{}, 'Input "version" is required with "config"'],
    [{ version: 'v2.0.0', image: 'ghcr.io/acme/shop:v2.0.0' }, 'Input "image" is set with "config"'],
    [{ version: 'v2.0.0', environment: 'staging' }, 'Input "environment" names no environment of'],
    [{ version: 'v2.0.0', config: join(work, 'missing.yml') }, 'Input "config" names'],
  ])('refuses %j before anything is contacted', async (raw, message) => {
    await expect(fromFile(raw)).rejects.toThrow(message);
  });
});

describe('eventFor', () => {
  it('adds what happened under the user message, for the environment and version announced', async () => {
    const prepared = await prepare({ message: 'Shipped by {actor}', 'environment-url': 'https://shop.example.com' });
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

  it('sends no message text when there is none to send', async () => {
    expect(eventFor(await prepare({}), { status: 'success', version: 'v2.0.0' })).not.toHaveProperty('message');
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
