import { afterEach, describe, expect, test } from '@jest/globals';
import { rollOut, type RolloutRequest } from '@deploy-kit/kubernetes';
import { startStandIn, type StandIn } from './stand-in/server';
import type { Scenario } from './stand-in/scenario';
import { BROKEN, captureLog, deploymentYaml, GOOD, manifestsFolder, runtime, serviceYaml } from './helpers';

let standIn: StandIn | undefined;
let removeFolder: (() => Promise<void>) | undefined;
afterEach(async () => {
  await standIn?.stop();
  await removeFolder?.();
  standIn = undefined;
});

async function setUp(
  scenario: Partial<Scenario> = {},
  files = { 'app.yaml': `${deploymentYaml()}---\n${serviceYaml()}` },
): Promise<RolloutRequest> {
  standIn = await startStandIn(scenario);
  const folder = await manifestsFolder(files);
  removeFolder = folder.remove;
  return {
    kubeconfig: standIn.kubeconfig(),
    namespace: 'shop',
    manifests: folder.dir,
    workloads: 'api=deployment/api:api',
    release: { version: 'v1.2.0', images: { api: GOOD }, githubDeploymentId: 4242 },
    strategy: { kind: 'rolling' },
    timeoutMs: 60_000,
  };
}

function deployment(name = 'api'): Record<string, unknown> {
  const found = standIn?.store.get('apps/deployments', 'shop', name);
  if (!found) throw new Error(`no deployment ${name}`);
  return found;
}

describe('rollOut (rolling) against the stand-in', () => {
  test('applies by server-side apply with field manager deploy-kit, pins the digest, annotates, waits until ready', async () => {
    const request = await setUp();
    const log = captureLog();
    const outcome = await rollOut(request, runtime(log));
    expect(outcome).toMatchObject({
      kind: 'deployed',
      workloads: [{ service: 'api', deployment: 'api', imageRef: GOOD }],
    });
    const live = deployment() as {
      metadata: { annotations: Record<string, string> };
      spec: { template: { spec: { containers: { image: string }[] } } };
      status: { readyReplicas: number };
    };
    expect(live.spec.template.spec.containers[0]?.image).toBe(GOOD);
    expect(live.metadata.annotations).toMatchObject({
      'deploy-kit.dev/version': 'v1.2.0',
      'deploy-kit.dev/images': JSON.stringify({ api: GOOD }),
      'deploy-kit.dev/github-deployment-id': '4242',
    });
    expect(live.status.readyReplicas).toBe(2);
    const applies = standIn?.requests.filter((r) => r.method === 'PATCH') ?? [];
    expect(applies.map((r) => `${r.path} ${r.query.fieldManager} ${r.contentType}`)).toEqual([
      '/apis/apps/v1/namespaces/shop/deployments/api deploy-kit application/apply-patch+yaml',
      '/api/v1/namespaces/shop/services/api deploy-kit application/apply-patch+yaml',
    ]);
    expect(log.lines).toContain('deployment "api" successfully rolled out');
  });

  test('checks permissions first and refuses, naming the missing one; nothing is applied', async () => {
    const request = await setUp({ denied: [{ verb: 'patch', group: 'apps', resource: 'deployments' }] });
    const outcome = await rollOut(request, runtime(captureLog()));
    expect(outcome.kind).toBe('forbidden');
    expect(outcome.kind === 'forbidden' && outcome.message).toContain(
      'may not patch deployments.apps in namespace "shop"',
    );
    expect(standIn?.requests.filter((r) => r.method === 'PATCH')).toEqual([]);
  });

  test('a crash-looping release fails with the reason and the last log lines, before the deadline', async () => {
    const request = await setUp({ behaviours: { [BROKEN]: 'crash-loop' } });
    request.release = { version: 'v1.3.0', images: { api: BROKEN } };
    const log = captureLog();
    const outcome = await rollOut(request, runtime(log));
    expect(outcome.kind).toBe('unhealthy');
    if (outcome.kind !== 'unhealthy') return;
    expect(outcome.why).toBe('failed');
    expect(outcome.message).toContain('exceeded its progress deadline');
    expect(outcome.diagnoses[0]).toMatchObject({ kind: 'crash-loop', container: 'api' });
    expect(outcome.diagnoses[0]?.message).toContain('CrashLoopBackOff: restarted 3 times, last exit code 1');
    expect(outcome.diagnoses[0]?.logTail).toContain('Error: DATABASE_URL is not set');
  });

  test.each([
    ['image-pull-failure', 'image-pull', 'ImagePullBackOff: Failed to pull image'],
    ['unschedulable', 'unschedulable', 'Unschedulable: 0/1 nodes are available: 1 Insufficient cpu.'],
    ['readiness-failure', 'readiness-probe', 'Readiness probe failed: HTTP probe failed with statuscode: 503'],
  ] as const)('%s: the rollout fails and says why from pods and events', async (behaviour, kind, words) => {
    const request = await setUp({ behaviours: { [BROKEN]: behaviour } });
    request.release = { version: 'v1.3.0', images: { api: BROKEN } };
    const outcome = await rollOut(request, runtime(captureLog()));
    expect(outcome.kind).toBe('unhealthy');
    if (outcome.kind !== 'unhealthy') return;
    expect(outcome.diagnoses[0]?.kind).toBe(kind);
    expect(outcome.message).toContain(words);
  });

  test('a slow start is waited for; the deadline is the deploy timeout when the cluster never gives up', async () => {
    const request = await setUp({ behaviours: { [GOOD]: 'slow-start' } });
    standIn?.hold(); // nothing becomes ready until deploy-kit is watching
    const log = captureLog();
    const rolling = rollOut(request, runtime(log));
    await standIn?.received((r) => r.query.watch === 'true');
    standIn?.release();
    expect((await rolling).kind).toBe('deployed');
    expect(log.lines.some((l) => l.includes('of 2 updated replicas are available'))).toBe(true);
  });

  test('our own deadline: a rollout still progressing when deploy-timeout runs out is a timeout', async () => {
    const request = await setUp({
      behaviours: { [GOOD]: 'slow-start' },
      slowStartSteps: 100_000,
      progressDeadlineSteps: 1_000_000,
    });
    request.timeoutMs = 300;
    const outcome = await rollOut(request, runtime(captureLog()));
    expect(outcome).toMatchObject({ kind: 'unhealthy', why: 'timeout' });
    expect(outcome.kind === 'unhealthy' && outcome.message).toContain('did not finish its rollout in time');
  });

  test('a watch that disconnects falls back to polling and still sees the rollout through', async () => {
    const request = await setUp({ watchDropAfterEvents: 1, behaviours: { [GOOD]: 'slow-start' } });
    standIn?.hold();
    const log = captureLog();
    const rolling = rollOut(request, runtime(log));
    await standIn?.received((r) => r.query.watch === 'true');
    standIn?.release();
    expect((await rolling).kind).toBe('deployed');
    expect(log.lines.some((l) => l.includes('polling it instead'))).toBe(true);
  });

  test('429 and 500 from the API are retried with backoff; the apply still lands once', async () => {
    const request = await setUp({
      faults: [
        { method: 'PATCH', path: /deployments\/api$/, status: 429, times: 1, retryAfterSeconds: 0 },
        { method: 'GET', path: /deployments\/api$/, status: 500, times: 2 },
      ],
    });
    const log = captureLog();
    expect((await rollOut(request, runtime(log))).kind).toBe('deployed');
    expect(log.lines.filter((l) => l.includes('retrying in'))).toHaveLength(3);
    expect(
      standIn?.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith('deployments/api')).map((r) => r.status),
    ).toEqual([429, 201]);
  });

  test('a 409 conflict is a clear error naming the field and the other manager; it is not retried', async () => {
    const request = await setUp({ faults: [{ method: 'PATCH', path: /deployments\/api$/, status: 409, times: 5 }] });
    const outcome = await rollOut(request, runtime(captureLog()));
    expect(outcome).toMatchObject({ kind: 'api-error', status: 409 });
    expect(outcome.kind === 'api-error' && outcome.message).toContain(
      'another field manager owns fields deploy-kit sets',
    );
    expect(outcome.kind === 'api-error' && outcome.message).toContain('containers[name="api"].image');
    expect(standIn?.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });
});
