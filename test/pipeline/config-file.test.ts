import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFakeGitHub, type FakeGitHub } from '../github-api';
import { startRegistry, type Registry } from '../infra';
import { startReceiver, type Receiver } from '../notify/support/receiver';
import { pushMinimalImage } from '../rollback/push-minimal-image';
import { runBundledAction } from '../support/run-bundled-action';

interface WebhookMessage {
  status: string;
  environment: string | null;
  version: string | null;
  message: string | null;
}

/**
 * The one-step action with `config`: a config file with two services, each
 * image in a real registry, deployed together through the command target,
 * health-checked on a real HTTP endpoint, recorded in the local GitHub API
 * (validated against GitHub's description), announced to a webhook. A
 * release whose api is unhealthy puts both services back on the last good
 * release together, as one rollback deployment.
 */
describe('the one-step action with a config file (two services)', () => {
  let api: FakeGitHub;
  let registry: Registry;
  let peer: Receiver;
  let work: string;
  let config: string;
  const digests: Record<string, string> = {};

  /** The release the command target last put in place: `VERSION API_IMAGE FRONTEND_IMAGE` lines. */
  const deployed = () =>
    existsSync(join(work, 'deployed')) ? readFileSync(join(work, 'deployed'), 'utf8').trim().split('\n') : [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'deploy-kit-pipeline-config-'));
    [api, registry, peer] = await Promise.all([
      startFakeGitHub(),
      startRegistry(),
      // The api's health endpoint (healthy while v1.0.0 runs) and the webhook receiver, on loopback.
      startReceiver((request) => {
        if (!request.path.startsWith('/health')) return { status: 200, body: 'ok' };
        const healthy = deployed().at(-1)?.startsWith('v1.0.0 ') ?? false;
        return { status: healthy ? 200 : 503, body: JSON.stringify({ status: healthy ? 'ok' : 'down' }) };
      }),
    ]);
    api.seed.environment('live');
    for (const version of ['v1.0.0', 'v2.0.0'])
      for (const service of ['api', 'frontend'])
        digests[`${service}:${version}`] = await pushMinimalImage(
          registry.host,
          `acme/shop/${service}`,
          version,
          `${service}-${version}`,
        );
    config = join(work, 'deploy-kit.yml');
    writeFileSync(
      config,
      [
        'services:',
        '  api:',
        `    image: ${registry.host}/acme/shop/api`,
        '    health: { interval: 200ms, max-attempts: 2, failure-threshold: 1, deadline: 20s }',
        '  frontend:',
        `    image: ${registry.host}/acme/shop/frontend`,
        'environments:',
        '  live:',
        '    on: release',
        '    url: https://shop.example.com',
        '    health:',
        `      api: ${peer.url('/health')}`,
        '    target:',
        '      kind: command',
        `      command: echo "$DEPLOY_VERSION $API_IMAGE $FRONTEND_IMAGE" >> ${work}/deployed`,
        '',
      ].join('\n'),
    );
  }, 180_000);
  afterAll(async () => {
    await Promise.all([api?.stop(), registry?.stop(), peer?.stop()]);
    if (work) rmSync(work, { recursive: true, force: true });
  }, 60_000);

  const pipeline = (inputs: Record<string, string>) =>
    runBundledAction('pipeline', {
      inputs: {
        config,
        environment: 'live',
        'github-token': 'ghs_pipelineConfigToken0123456789',
        'webhook-url': peer.url('/hooks/deploys'),
        ...inputs,
      },
      env: { GITHUB_API_URL: api.url },
      timeoutMs: 120_000,
    });
  const ref = (service: string, version: string) =>
    `${registry.host}/acme/shop/${service}@${digests[`${service}:${version}`]}`;
  const deployments = () => [...api.state.deployments].sort((a, b) => a.id - b.id);
  const messages = () =>
    peer.requests.filter((r) => r.path.startsWith('/hooks/')).map((r) => JSON.parse(r.body) as WebhookMessage);

  it('deploys every service of the environment in one operation and one deployment', async () => {
    const result = await pipeline({ version: 'v1.0.0' });

    expect(result.exitCode).toBe(0);
    expect(deployed()).toEqual([`v1.0.0 ${ref('api', 'v1.0.0')} ${ref('frontend', 'v1.0.0')}`]);
    const [deployment] = deployments();
    expect(deployment).toMatchObject({
      task: 'deploy',
      environment: 'live',
      payload: {
        version: 'v1.0.0',
        services: [
          { service: 'api', digest: digests['api:v1.0.0'] },
          { service: 'frontend', digest: digests['frontend:v1.0.0'] },
        ],
      },
    });
    expect(api.latestState(deployment!.id)).toBe('success');
    expect(result.outputs).toMatchObject({
      result: 'deployed',
      'deployment-id': String(deployment!.id),
      version: 'v1.0.0',
      healthy: 'true',
      // Two services: no single image to name.
      'image-ref': '',
      'environment-url': 'https://shop.example.com',
      notified: 'webhook',
    });
    expect(messages()).toEqual([
      expect.objectContaining({ status: 'success', environment: 'live', version: 'v1.0.0' }),
    ]);
    expect(result.summary).toContain('Deploy pipeline: v1.0.0 to live');
    expect(result.summary).toContain(
      `| Service api | ${registry.host}/acme/shop/api:v1.0.0 \`${digests['api:v1.0.0']}\` |`,
    );
    expect(result.summary).toMatch(
      /\| Deploy \| ✅ live \| v1\.0\.0 \(api sha256:[a-f0-9]+, frontend sha256:[a-f0-9]+\)/,
    );
  });

  it('rolls both services back together when the release is unhealthy; the step fails with one line', async () => {
    const before = { deployments: deployments().length, messages: messages().length };
    const result = await pipeline({ version: 'v2.0.0' });

    expect(result.exitCode).toBe(1);
    // v2.0.0 went on for both services, then both went back to v1.0.0's digests in one operation.
    expect(deployed().slice(-2)).toEqual([
      `v2.0.0 ${ref('api', 'v2.0.0')} ${ref('frontend', 'v2.0.0')}`,
      `v1.0.0 ${ref('api', 'v1.0.0')} ${ref('frontend', 'v1.0.0')}`,
    ]);
    const [failed, rollback] = deployments().slice(before.deployments);
    expect(failed).toMatchObject({ task: 'deploy', payload: { version: 'v2.0.0', previous: { version: 'v1.0.0' } } });
    expect(api.latestState(failed!.id)).toBe('failure');
    expect(rollback).toMatchObject({
      task: 'rollback',
      payload: {
        version: 'v1.0.0',
        services: [
          { service: 'api', digest: digests['api:v1.0.0'] },
          { service: 'frontend', digest: digests['frontend:v1.0.0'] },
        ],
        rolledBackFrom: { version: 'v2.0.0', deploymentId: failed!.id },
        reason: 'Automatic rollback: v2.0.0 failed its health check',
      },
    });
    expect(api.latestState(rollback!.id)).toBe('success');
    expect(result.outputs).toMatchObject({
      result: 'rolled-back',
      'failed-stage': 'health-check',
      'deployment-id': String(failed!.id),
      version: 'v2.0.0',
      healthy: 'false',
      'rollback-deployment-id': String(rollback!.id),
      'rolled-back-to': 'v1.0.0',
    });
    const errors = result.log.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toEqual([
      expect.stringMatching(
        /^::error::Health check failed .*\. Rolled back live to v1\.0\.0 \(deployment #\d+\); the step fails because v2\.0\.0 is not running\.$/,
      ),
    ]);
    expect(messages().slice(before.messages)).toEqual([
      expect.objectContaining({
        status: 'rolled-back',
        version: 'v1.0.0',
        message: 'v2.0.0 failed its health check; live was rolled back to v1.0.0.',
      }),
    ]);
    expect(result.summary).toMatch(/Result: ↩️ \*\*rolled-back\*\*/);
    expect(result.summary).toContain('### Rollback');
  });

  it('refuses a bad config file before contacting anything: one line naming the file, line and path', async () => {
    const bad = join(work, 'bad.yml');
    writeFileSync(bad, readFileSync(config, 'utf8').replace('    on: release\n', '    on: sometimes\n'));
    const requestsBefore = api.requests.length;
    const result = await pipeline({ version: 'v2.0.0', config: bad });

    expect(result.exitCode).toBe(1);
    const errors = result.log.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toEqual([expect.stringMatching(/bad\.yml:\d+:\d+: environments\.live\.on: /)]);
    expect(api.requests.length).toBe(requestsBefore);
    expect(result.outputs).toEqual({ result: 'failed' });
    expect(result.summary).toContain('Nothing was checked, deployed, recorded or sent');
  });

  it('every GitHub request matched the API description', () => {
    expect(api.validationErrors).toEqual([]);
  });
});
