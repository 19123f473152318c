import { afterEach, describe, expect, test } from '@jest/globals';
import { readCurrent, rollOut, type RolloutRequest } from '@deploy-kit/kubernetes';
import { BROKEN, captureLog, deploymentYaml, GOOD, manifestsFolder, OTHER, runtime, serviceYaml } from './helpers';
import { startStandIn, type StandIn } from './stand-in/server';

let standIn: StandIn | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await standIn?.stop();
  standIn = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function request(strategy: RolloutRequest['strategy']): Promise<RolloutRequest> {
  standIn = await startStandIn({ behaviours: { [BROKEN]: 'crash-loop' } });
  const made = await manifestsFolder({ 'app.yaml': `${deploymentYaml()}---\n${serviceYaml()}` });
  cleanups.push(made.remove);
  return {
    kubeconfig: standIn.kubeconfig(),
    namespace: 'shop',
    manifests: made.dir,
    workloads: 'api=deployment/api:api',
    release: { version: 'v1.0.0', images: { api: GOOD }, githubDeploymentId: 1 },
    strategy,
    timeoutMs: 60_000,
  };
}

function liveSelector(): Record<string, string> {
  const service = standIn?.store.get('core/services', 'shop', 'api') as
    { spec?: { selector?: Record<string, string> } } | undefined;
  return service?.spec?.selector ?? {};
}

describe('rollback: the previous release read from the cluster, applied again, waited for', () => {
  test('a broken release fails; the previous digests (read back from the annotations) are applied and ready again', async () => {
    const base = await request({ kind: 'rolling' });
    const log = captureLog();
    expect((await rollOut(base, runtime(log))).kind).toBe('deployed');
    const before = await readCurrent(base, runtime(log));
    expect(before).toEqual({
      kind: 'running',
      services: [
        {
          service: 'api',
          deployment: 'api',
          image: GOOD,
          digest: `sha256:${'a'.repeat(64)}`,
          version: 'v1.0.0',
          githubDeploymentId: 1,
        },
      ],
    });

    const broken = await rollOut(
      { ...base, release: { version: 'v1.1.0', images: { api: BROKEN }, githubDeploymentId: 2 } },
      runtime(log),
    );
    expect(broken.kind).toBe('unhealthy');

    // The rollback: the same rule as every target, the previous release's digests (here from
    // what deploy-kit recorded on the Deployment; the action takes them from the ledger).
    if (before.kind !== 'running') return;
    const previous = before.services[0];
    const rolledBack = await rollOut(
      {
        ...base,
        release: { version: previous?.version ?? '', images: { api: previous?.image ?? '' }, githubDeploymentId: 3 },
      },
      runtime(log),
    );
    expect(rolledBack.kind).toBe('deployed');
    const after = await readCurrent(base, runtime(log));
    expect(after).toMatchObject({
      kind: 'running',
      services: [{ image: GOOD, version: 'v1.0.0', githubDeploymentId: 3 }],
    });
    // Never `rollout undo`: no rollback subresource or ReplicaSet rewrite, only applies.
    expect(new Set(standIn?.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`))).toEqual(
      new Set([
        'POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        'PATCH /apis/apps/v1/namespaces/shop/deployments/api',
        'PATCH /api/v1/namespaces/shop/services/api',
      ]),
    );
  });

  test('before the first deploy, readCurrent says nothing runs', async () => {
    const base = await request({ kind: 'rolling' });
    expect(await readCurrent(base, runtime(captureLog()))).toEqual({ kind: 'absent', missing: ['api'] });
  });
});

describe('strategies', () => {
  test('rolling: maxSurge / maxUnavailable are set on the Deployment', async () => {
    const base = await request({ kind: 'rolling', maxSurge: 1, maxUnavailable: 0 });
    expect((await rollOut(base, runtime(captureLog()))).kind).toBe('deployed');
    const live = standIn?.store.get('apps/deployments', 'shop', 'api') as { spec: { strategy: unknown } };
    expect(live.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
  });

  test('blue-green: the new colour becomes ready before the Service switches; the old colour is kept; a broken release never gets traffic', async () => {
    const base = await request({ kind: 'blue-green' });
    const log = captureLog();
    expect(await rollOut(base, runtime(log))).toMatchObject({
      kind: 'deployed',
      workloads: [{ deployment: 'api-blue' }],
    });
    expect(liveSelector()).toEqual({ app: 'api', 'deploy-kit.dev/color': 'blue' });

    expect(await rollOut({ ...base, release: { version: 'v2', images: { api: OTHER } } }, runtime(log))).toMatchObject({
      kind: 'deployed',
      workloads: [{ deployment: 'api-green' }],
    });
    expect(liveSelector()).toEqual({ app: 'api', 'deploy-kit.dev/color': 'green' });
    // The old colour is still there, running the previous release, for an instant switch back.
    const blue = standIn?.store.get('apps/deployments', 'shop', 'api-blue') as {
      spec: { template: { spec: { containers: { image: string }[] } } };
    };
    expect(blue.spec.template.spec.containers[0]?.image).toBe(GOOD);
    expect(await readCurrent(base, runtime(log))).toMatchObject({
      kind: 'running',
      services: [{ deployment: 'api-green', image: OTHER }],
    });

    // A broken release goes to the idle colour (blue) and fails there; traffic stays on green.
    const broken = await rollOut({ ...base, release: { version: 'v3', images: { api: BROKEN } } }, runtime(log));
    expect(broken).toMatchObject({ kind: 'unhealthy', deployment: 'api-blue' });
    expect(liveSelector()).toEqual({ app: 'api', 'deploy-kit.dev/color': 'green' });
  });

  test('blue-green checks permissions before it reads the live Service', async () => {
    const base = await request({ kind: 'blue-green' });
    standIn?.scenario.denied.push({ verb: 'get', group: '', resource: 'services' });
    const outcome = await rollOut(base, runtime(captureLog()));
    expect(outcome.kind === 'forbidden' && outcome.message).toContain('may not get services in namespace "shop"');
    expect(new Set(standIn?.requests.map((r) => `${r.method} ${r.path}`))).toEqual(
      new Set(['POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews']),
    );
  });

  test('blue-green without a Service for the workload is refused before any API call', async () => {
    const base = await request({ kind: 'blue-green' });
    const made = await manifestsFolder({ 'app.yaml': deploymentYaml() });
    cleanups.push(made.remove);
    const outcome = await rollOut({ ...base, manifests: made.dir }, runtime(captureLog()));
    expect(outcome.kind === 'invalid' && outcome.problems[0]).toContain(
      'has no Service in the manifests whose selector picks its pods',
    );
    expect(standIn?.requests).toEqual([]);
  });
});
