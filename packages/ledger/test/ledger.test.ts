import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { UserError } from '@deploy-kit/action-kit';
import { createGitHubClient } from '@deploy-kit/github';
import { startFakeGitHub, type FakeGitHub } from '../../../test/github-api';
import { DeploymentLedger, isProductionEnvironment, releasePayload, serviceSetKey } from '../src';
import type { DeploymentPayload } from '../src';

const repo = { owner: 'octo-org', repo: 'hello-world' };
const SHA = 'ffac537e6cbbf934b08745a378932722df287a53';
const RUN = 'https://github.com/octo-org/hello-world/actions/runs/1658821493';
const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const payload = (version: string, n: number): DeploymentPayload =>
  releasePayload(version, [{ service: 'app', image: `ghcr.io/octo-org/app:${version}`, digest: digest(n) }]);

let api: FakeGitHub;
let lines: string[];
let ledger: DeploymentLedger;

beforeEach(async () => {
  api = await startFakeGitHub();
  lines = [];
  const log = (line: string) => lines.push(line);
  ledger = new DeploymentLedger(createGitHubClient('ghs_test', { baseUrl: api.url, log }), repo, { logUrl: RUN, log });
});
afterEach(async () => {
  expect(api.validationErrors).toEqual([]);
  await api.stop();
});

const statusPosts = () => api.requests.filter((r) => r.operationId === 'repos/create-deployment-status');

describe('DeploymentLedger writes', () => {
  it('creates a production deployment as the issue specifies and marks it in progress with the run as log', async () => {
    const record = await ledger.start({
      sha: SHA,
      environment: 'production',
      task: 'deploy',
      payload: payload('1.0.0', 1),
      environmentUrl: 'https://app.example.com',
    });
    // The in_progress status is sent in the background; flush() waits for it.
    await ledger.flush();
    expect(record).toMatchObject({
      sha: SHA,
      environment: 'production',
      task: 'deploy',
      state: 'in_progress',
      payload: payload('1.0.0', 1),
    });
    const create = api.requests.find((r) => r.operationId === 'repos/create-deployment');
    expect(create?.body).toMatchObject({
      ref: SHA,
      environment: 'production',
      task: 'deploy',
      auto_merge: false,
      required_contexts: [],
      production_environment: true,
      transient_environment: false,
    });
    expect(statusPosts().map((r) => r.body)).toEqual([
      expect.objectContaining({ state: 'in_progress', log_url: RUN, environment_url: 'https://app.example.com' }),
    ]);
    expect(api.latestState(record.id)).toBe('in_progress');
  });

  it('staging is not a production environment', async () => {
    await ledger.start({ sha: SHA, environment: 'staging', task: 'deploy', payload: payload('1.0.0-rc.1', 1) });
    expect(api.state.deployments[0]?.productionEnvironment).toBe(false);
  });

  it('marks prod and Production as production (the production: auto rule), unless told otherwise', async () => {
    const sent = async (environment: string, productionEnvironment?: boolean) => {
      await ledger.start({
        sha: SHA,
        environment,
        task: 'deploy',
        payload: payload('1.0.0', 1),
        ...(productionEnvironment === undefined ? {} : { productionEnvironment }),
      });
      const body = api.requests.filter((r) => r.operationId === 'repos/create-deployment').at(-1)?.body;
      return (body as { production_environment?: unknown }).production_environment;
    };
    expect(await sent('prod')).toBe(true);
    expect(await sent('Production')).toBe(true);
    expect(await sent('production-eu')).toBe(false);
    expect(await sent('live', true)).toBe(true);
    expect(await sent('production', false)).toBe(false);
  });

  it('isProductionEnvironment is production or prod in any case, nothing else', () => {
    expect(['production', 'prod', 'PROD', 'Production'].filter(isProductionEnvironment)).toHaveLength(4);
    expect(['staging', 'preprod', 'production-eu', 'products', ''].filter(isProductionEnvironment)).toEqual([]);
  });

  it('after a success, earlier successful deployments of the environment become inactive; failed ones and other environments stay', async () => {
    const old = api.seed.deployment({
      environment: 'production',
      payload: { ...payload('0.9.0', 9) },
      states: ['in_progress', 'success'],
    });
    const failed = api.seed.deployment({
      environment: 'production',
      payload: { ...payload('0.9.5', 8) },
      states: ['in_progress', 'failure'],
    });
    const staging = api.seed.deployment({
      environment: 'staging',
      payload: { ...payload('1.0.0', 1) },
      states: ['success'],
    });
    const record = await ledger.start({
      sha: SHA,
      environment: 'production',
      task: 'deploy',
      payload: payload('1.0.0', 1),
    });
    await ledger.succeed(record.id, { environmentUrl: 'https://app.example.com' });
    // Deactivating the earlier ones runs in the background, after the success is written.
    await ledger.flush();
    expect(api.latestState(record.id)).toBe('success');
    expect(api.latestState(old.id)).toBe('inactive');
    expect(api.latestState(failed.id)).toBe('failure');
    expect(api.latestState(staging.id)).toBe('success');
    expect((await ledger.current('production'))?.id).toBe(record.id);
  });

  it('fail records failure with a description', async () => {
    const record = await ledger.start({
      sha: SHA,
      environment: 'production',
      task: 'deploy',
      payload: payload('1.0.0', 1),
    });
    await ledger.fail(record.id, { description: 'health check failed' });
    expect(api.latestState(record.id)).toBe('failure');
    expect(statusPosts().at(-1)?.body).toMatchObject({
      state: 'failure',
      description: 'health check failed',
      log_url: RUN,
    });
  });
});

describe('DeploymentLedger queries', () => {
  beforeEach(() => {
    api.seed.deployment({
      environment: 'production',
      payload: { ...payload('1.0.0', 1) },
      states: ['in_progress', 'success', 'inactive'],
    });
    api.seed.deployment({
      environment: 'production',
      payload: { ...payload('1.1.0', 2) },
      states: ['in_progress', 'failure'],
    });
    api.seed.deployment({
      environment: 'production',
      payload: { ...payload('1.2.0', 3) },
      states: ['in_progress', 'success'],
      environmentUrl: 'https://app.example.com',
    });
    api.seed.deployment({
      environment: 'staging',
      payload: { ...payload('2.0.0-beta.1', 4) },
      states: ['in_progress'],
    });
  });

  it('current is the newest deployment whose latest status is success', async () => {
    expect(await ledger.current('production')).toMatchObject({
      payload: { version: '1.2.0', digest: digest(3) },
      state: 'success',
      environmentUrl: 'https://app.example.com',
    });
    expect(await ledger.current('staging')).toBeUndefined();
    expect(await ledger.current('qa')).toBeUndefined();
  });

  it('lastSuccessfulBefore skips failed deployments and counts superseded (inactive) ones', async () => {
    const current = await ledger.current('production');
    expect((await ledger.lastSuccessfulBefore('production', current!.id))?.payload.version).toBe('1.0.0');
    const first = await ledger.lastSuccessfulBefore('production', current!.id);
    expect(await ledger.lastSuccessfulBefore('production', first!.id)).toBeUndefined();
  });

  it('inProgress lists only deployments still running', async () => {
    expect((await ledger.inProgress('staging')).map((r) => r.payload.version)).toEqual(['2.0.0-beta.1']);
    expect(await ledger.inProgress('production')).toEqual([]);
  });

  it('history lists newest first with each latest state, up to a limit', async () => {
    expect((await ledger.history('production')).map((r) => [r.payload.version, r.state])).toEqual([
      ['1.2.0', 'success'],
      ['1.1.0', 'failure'],
      ['1.0.0', 'inactive'],
    ]);
    expect(await ledger.history('production', 1)).toHaveLength(1);
  });

  it('findSuccessful finds a version (with or without v) or a digest that worked, never a failed one', async () => {
    expect((await ledger.findSuccessful('production', 'v1.0.0'))?.payload.digest).toBe(digest(1));
    expect((await ledger.findSuccessful('production', digest(3)))?.payload.version).toBe('1.2.0');
    expect(await ledger.findSuccessful('production', '1.1.0')).toBeUndefined();
    expect(await ledger.findSuccessful('production', '9.9.9')).toBeUndefined();
  });

  it("ignores GitHub's own records for a job's environment: (empty payload) when asking what runs, but not when asking what is running", async () => {
    api.seed.deployment({ environment: 'production', payload: {}, states: ['success'] });
    api.seed.deployment({ environment: 'production', payload: {}, states: ['in_progress'] });
    expect((await ledger.current('production'))?.payload.version).toBe('1.2.0');
    expect((await ledger.history('production')).map((r) => r.payload.version)).toEqual(['1.2.0', '1.1.0', '1.0.0']);
    expect((await ledger.inProgress('production')).map((r) => r.payload)).toEqual([
      { image: '', digest: '', version: '', services: [] },
    ]);
  });
});

describe('DeploymentLedger with several services per release', () => {
  const api2 = (version: string, api: number, frontend: number): DeploymentPayload =>
    releasePayload(version, [
      { service: 'frontend', image: `ghcr.io/octo-org/shop/frontend:${version}`, digest: digest(frontend) },
      { service: 'api', image: `ghcr.io/octo-org/shop/api:${version}`, digest: digest(api) },
    ]);

  it('reads a payload written by the single-image version ({image, digest, version}) as the one service `app`', async () => {
    api.seed.deployment({
      environment: 'production',
      payload: { image: 'ghcr.io/octo-org/app:1.0.0', digest: digest(1), version: '1.0.0' },
      states: ['in_progress', 'success'],
    });
    const current = await ledger.current('production', serviceSetKey(['app']));
    expect(current?.payload).toEqual({
      version: '1.0.0',
      image: 'ghcr.io/octo-org/app:1.0.0',
      digest: digest(1),
      services: [{ service: 'app', image: 'ghcr.io/octo-org/app:1.0.0', digest: digest(1) }],
    });
    expect((await ledger.findSuccessful('production', digest(1), 'app'))?.payload.version).toBe('1.0.0');
  });

  it('records every service sorted by name, and keeps the top-level image only for a one-service release', async () => {
    const record = await ledger.start({
      sha: SHA,
      environment: 'staging',
      task: 'deploy',
      payload: api2('2.0.0', 2, 3),
    });
    await ledger.succeed(record.id);
    await ledger.flush();
    const written = api.state.deployments.find((d) => d.id === record.id)?.payload as {
      services: unknown;
      image: string;
    };
    expect(written.services).toEqual([
      { service: 'api', image: 'ghcr.io/octo-org/shop/api:2.0.0', digest: digest(2) },
      { service: 'frontend', image: 'ghcr.io/octo-org/shop/frontend:2.0.0', digest: digest(3) },
    ]);
    expect(written.image).toBe('');
  });

  it('keys queries by service set: another set in the same environment is neither current, previous nor superseded', async () => {
    const shop = api.seed.deployment({
      environment: 'production',
      payload: { ...api2('1.0.0', 1, 2) },
      states: ['in_progress', 'success'],
    });
    const single = await ledger.start({
      sha: SHA,
      environment: 'production',
      task: 'deploy',
      payload: payload('7.0.0', 7),
    });
    await ledger.succeed(single.id);
    await ledger.flush();
    // The single service's success does not mark the two-service release inactive.
    expect(api.latestState(shop.id)).toBe('success');
    expect((await ledger.current('production', 'api,frontend'))?.payload.version).toBe('1.0.0');
    expect((await ledger.current('production', 'app'))?.payload.version).toBe('7.0.0');
    expect((await ledger.history('production', 10, 'api,frontend')).map((r) => r.id)).toEqual([shop.id]);
    expect(await ledger.findSuccessful('production', '7.0.0', 'api,frontend')).toBeUndefined();
    expect((await ledger.findSuccessful('production', digest(2), 'api,frontend'))?.id).toBe(shop.id);
  });
});

describe('DeploymentLedger under GitHub faults', () => {
  it('retries a status write that got a 5xx', async () => {
    api.fault('POST', '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', { type: 'status', status: 502 });
    const record = await ledger.start({
      sha: SHA,
      environment: 'production',
      task: 'deploy',
      payload: payload('1.0.0', 1),
    });
    await ledger.flush();
    expect(api.latestState(record.id)).toBe('in_progress');
    expect(statusPosts().map((r) => r.status)).toEqual([502, 201]);
  });

  it('does not duplicate a deployment GitHub created although it answered 5xx', async () => {
    api.fault('POST', '/repos/{owner}/{repo}/deployments', { type: 'status', status: 500, afterApplying: true });
    const record = await ledger.start({
      sha: SHA,
      environment: 'production',
      task: 'deploy',
      payload: payload('1.0.0', 1),
    });
    expect(api.state.deployments.map((d) => d.id)).toEqual([record.id]);
    expect(api.requests.filter((r) => r.operationId === 'repos/create-deployment')).toHaveLength(1);
    expect(lines.join('\n')).toMatch(/GitHub had created deployment \d+; using it/);
  });

  it('does not duplicate a deployment whose answer was lost to a connection reset', async () => {
    api.fault('POST', '/repos/{owner}/{repo}/deployments', { type: 'reset', afterApplying: true });
    const record = await ledger.start({
      sha: SHA,
      environment: 'production',
      task: 'deploy',
      payload: payload('1.0.0', 1),
    });
    expect(api.state.deployments.map((d) => d.id)).toEqual([record.id]);
  });

  it('creates again once when GitHub had not applied the failed creation', async () => {
    api.fault('POST', '/repos/{owner}/{repo}/deployments', { type: 'status', status: 503 });
    const record = await ledger.start({
      sha: SHA,
      environment: 'production',
      task: 'deploy',
      payload: payload('1.0.0', 1),
    });
    expect(api.state.deployments.map((d) => d.id)).toEqual([record.id]);
    expect(api.requests.filter((r) => r.operationId === 'repos/create-deployment').map((r) => r.status)).toEqual([
      503, 201,
    ]);
  });

  it('fails clearly, creating nothing, when creation keeps failing', async () => {
    api.fault('POST', '/repos/{owner}/{repo}/deployments', { type: 'status', status: 503 }, Infinity);
    const start = ledger.start({ sha: SHA, environment: 'production', task: 'deploy', payload: payload('1.0.0', 1) });
    await expect(start).rejects.toThrow(UserError);
    await expect(start).rejects.toThrow(/Could not record the deployment in GitHub \(HTTP 503.*twice\)/);
    expect(api.state.deployments).toEqual([]);
    expect(api.requests.filter((r) => r.operationId === 'repos/create-deployment')).toHaveLength(2);
  });

  it('reports a 409 from GitHub as a clear refusal without retrying', async () => {
    api.fault('POST', '/repos/{owner}/{repo}/deployments', {
      type: 'status',
      status: 409,
      message: 'Conflict: Commit status checks failed for main.',
    });
    await expect(
      ledger.start({ sha: SHA, environment: 'production', task: 'deploy', payload: payload('1.0.0', 1) }),
    ).rejects.toThrow(/GitHub refused to create a deployment for production \(409 conflict\)/);
    expect(api.requests.filter((r) => r.operationId === 'repos/create-deployment')).toHaveLength(1);
  });

  it('waits out a secondary rate limit per retry-after and then succeeds', async () => {
    api.fault('POST', '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
      type: 'secondary-rate-limit',
      retryAfterSeconds: 1,
    });
    const record = await ledger.start({
      sha: SHA,
      environment: 'production',
      task: 'deploy',
      payload: payload('1.0.0', 1),
    });
    await ledger.flush();
    expect(statusPosts().map((r) => r.status)).toEqual([403, 201]);
    expect(api.latestState(record.id)).toBe('in_progress');
    expect(lines.join('\n')).toMatch(/secondary rate limit hit on POST .*waiting 1s before retry 1 of 3/);
  });

  it('gives up on a secondary rate limit that asks for too long a wait', async () => {
    const impatient = new DeploymentLedger(
      createGitHubClient('ghs_test', { baseUrl: api.url, maxRateLimitWaitSeconds: 5 }),
      repo,
    );
    api.fault('GET', '/repos/{owner}/{repo}/deployments', { type: 'secondary-rate-limit', retryAfterSeconds: 3600 });
    await expect(impatient.current('production')).rejects.toThrow(/secondary rate limit/);
  });

  it('times out a request GitHub does not answer', async () => {
    const hasty = new DeploymentLedger(
      createGitHubClient('ghs_test', { baseUrl: api.url, timeoutMs: 300, retries: 0 }),
      repo,
    );
    api.fault('GET', '/repos/{owner}/{repo}/deployments', { type: 'delay', ms: 2000 });
    await expect(hasty.current('production')).rejects.toThrow(
      /No answer from GitHub within 300ms \(GET http:\/\/127.0.0.1:\d+\/repos\/octo-org\/hello-world\/deployments/,
    );
  });
});
