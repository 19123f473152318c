import { afterEach, describe, expect, test } from '@jest/globals';
import { rollOut } from '@deploy-kit/kubernetes';
import { kubectlSession, type KubectlRun } from './kubectl';
import { BROKEN, captureLog, deploymentYaml, GOOD, manifestsFolder, runtime, serviceYaml } from './helpers';
import type { Scenario } from './stand-in/scenario';
import { startStandIn, type StandIn } from './stand-in/server';

/**
 * Calibration: the real kubectl (v1.32) against the stand-in, for every call deploy-kit makes.
 * Each expectation is what kubectl prints against a real cluster in the same situation, so the
 * stand-in cannot drift into something only deploy-kit believes.
 */
let standIn: StandIn | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await standIn?.stop();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const ROUTE = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: shop
spec:
  parentRefs: [{name: public-gateway}]
  rules:
    - backendRefs:
        - {name: api, port: 80}
`;

/**
 * Lets the held deployment controller go once kubectl watches: on a loaded machine kubectl may
 * start after a slow start has already finished, and would then see no progress and no watch.
 */
async function rolloutStatusWatched(status: Promise<KubectlRun>): Promise<KubectlRun> {
  await Promise.race([standIn?.received((r) => r.query.watch === 'true' || r.query.watch === '1'), status]);
  standIn?.release();
  return status;
}

async function session(scenario: Partial<Scenario> = {}): Promise<(...args: string[]) => Promise<KubectlRun>> {
  standIn = await startStandIn(scenario);
  const kubectl = await kubectlSession(standIn.kubeconfig());
  cleanups.push(kubectl.close);
  return kubectl.run;
}

async function folder(image: string): Promise<string> {
  const made = await manifestsFolder({
    'app.yaml': `${deploymentYaml().replace('placeholder', image)}---\n${serviceYaml()}`,
  });
  cleanups.push(made.remove);
  return made.dir;
}

describe('kubectl against the stand-in behaves as against a cluster', () => {
  test('apply --server-side, get, rollout status: applied, waited for, reported rolled out', async () => {
    const kubectl = await session({ behaviours: { [GOOD]: 'slow-start' } });
    standIn?.hold(); // the rollout progresses only once kubectl watches (see rolloutStatusWatched)
    const applied = await kubectl('apply', '--server-side', '--field-manager=deploy-kit', '-f', await folder(GOOD));
    expect(applied).toMatchObject({
      code: 0,
      stdout: 'deployment.apps/api serverside-applied\nservice/api serverside-applied\n',
    });
    const status = await rolloutStatusWatched(kubectl('rollout', 'status', 'deployment/api', '--timeout=60s'));
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('Waiting for deployment "api" rollout to finish:');
    expect(status.stdout.trim().split('\n').at(-1)).toBe('deployment "api" successfully rolled out');
    const image = await kubectl(
      'get',
      'deployment',
      'api',
      '-o',
      'jsonpath={.spec.template.spec.containers[0].image} {.status.readyReplicas}/{.spec.replicas}',
    );
    expect(image.stdout).toBe(`${GOOD} 2/2`);
    const table = await kubectl('get', 'deployments');
    expect(table.stdout).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\napi\s+2\/2\s+2\s+2\s+\d+s\n$/);
    const managers = await kubectl(
      'get',
      'deployment',
      'api',
      '--show-managed-fields',
      '-o',
      'jsonpath={.metadata.managedFields[*].manager}',
    );
    expect(managers.stdout).toBe('deploy-kit');
  });

  test('rollout status reports the progress deadline and exits 1; deploy-kit says the same words', async () => {
    const kubectl = await session({ behaviours: { [BROKEN]: 'crash-loop' } });
    expect((await kubectl('apply', '--server-side', '-f', await folder(BROKEN))).code).toBe(0);
    const status = await kubectl('rollout', 'status', 'deployment/api', '--timeout=60s');
    expect(status.code).toBe(1);
    expect(status.stderr).toContain('error: deployment "api" exceeded its progress deadline');
    const dir = await folder(BROKEN);
    const outcome = await rollOut(
      {
        kubeconfig: standIn?.kubeconfig() ?? '',
        namespace: 'shop',
        manifests: dir,
        workloads: 'api=deployment/api:api',
        release: { version: 'v2', images: { api: BROKEN } },
        strategy: { kind: 'rolling' },
        timeoutMs: 60_000,
      },
      runtime(captureLog()),
    );
    expect(outcome.kind === 'unhealthy' && outcome.message).toContain(
      'deployment "api" exceeded its progress deadline',
    );
    // What deploy-kit reads to explain it is what kubectl shows.
    const pods = await kubectl(
      'get',
      'pods',
      '-l',
      'app=api',
      '-o',
      'jsonpath={.items[0].status.containerStatuses[0].state.waiting.reason}',
    );
    expect(pods.stdout).toBe('CrashLoopBackOff');
    const podName = (await kubectl('get', 'pods', '-l', 'app=api', '-o', 'jsonpath={.items[0].metadata.name}')).stdout;
    const logs = await kubectl('logs', podName, '-c', 'api', '--previous', '--tail=2');
    expect(logs.stdout).toBe('Error: DATABASE_URL is not set\nexiting with code 1\n');
    const events = await kubectl(
      'get',
      'events',
      '--field-selector',
      `involvedObject.name=${podName}`,
      '-o',
      'jsonpath={.items[*].reason}',
    );
    expect(events.stdout).toBe('BackOff');
  });

  test('a second apply of the same manifests is a no-op for the rollout (generation unchanged)', async () => {
    const kubectl = await session();
    const dir = await folder(GOOD);
    await kubectl('apply', '--server-side', '-f', dir);
    const before = await kubectl('get', 'deployment', 'api', '-o', 'jsonpath={.metadata.generation}');
    const again = await kubectl('apply', '--server-side', '-f', dir);
    expect(again.stdout).toContain('deployment.apps/api serverside-applied');
    expect((await kubectl('get', 'deployment', 'api', '-o', 'jsonpath={.metadata.generation}')).stdout).toBe(
      before.stdout,
    );
  });

  test('an invalid object is refused by the server and kubectl names the field', async () => {
    const kubectl = await session();
    const made = await manifestsFolder({ 'bad.yaml': deploymentYaml().replace('replicas: 2', 'replicas: two') });
    cleanups.push(made.remove);
    const applied = await kubectl('apply', '--server-side', '-f', made.dir);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('spec.replicas');
  });

  test('auth can-i (SelfSubjectAccessReview) answers yes and no as RBAC would', async () => {
    const kubectl = await session({ denied: [{ verb: 'patch', group: 'apps', resource: 'deployments' }] });
    expect(await kubectl('auth', 'can-i', 'get', 'deployments.apps', '-n', 'shop')).toMatchObject({
      code: 0,
      stdout: 'yes\n',
    });
    expect(await kubectl('auth', 'can-i', 'patch', 'deployments.apps', '-n', 'shop')).toMatchObject({
      code: 1,
      stdout: 'no\n',
    });
    const refused = await kubectl('apply', '--server-side', '-f', await folder(GOOD));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('cannot patch resource "deployments" in API group "apps" in the namespace "shop"');
  });

  test('rollout status survives a watch the server drops, as against a cluster', async () => {
    const kubectl = await session({ watchDropAfterEvents: 1, behaviours: { [GOOD]: 'slow-start' } });
    standIn?.hold();
    await kubectl('apply', '--server-side', '-f', await folder(GOOD));
    const status = await rolloutStatusWatched(kubectl('rollout', 'status', 'deployment/api', '--timeout=60s', '-v=6'));
    // kubectl saw the stream cut mid-way, and carried on as client-go does against a cluster.
    expect(status.stderr).toContain('Unexpected EOF during watch stream');
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('deployment "api" successfully rolled out');
  });

  test('HTTPRoute (canary by traffic weight): apply --server-side, get with the defaults a cluster fills, ReplicaSets by label, an invalid route refused', async () => {
    const kubectl = await session({
      denied: [{ verb: 'patch', group: 'gateway.networking.k8s.io', resource: 'httproutes' }],
    });
    const made = await manifestsFolder({
      'app.yaml': `${deploymentYaml().replace('placeholder', GOOD)}---\n${serviceYaml()}`,
      'route.yaml': ROUTE,
    });
    cleanups.push(made.remove);
    // RBAC as a cluster answers it, for the permission a traffic canary checks first.
    expect(await kubectl('auth', 'can-i', 'patch', 'httproutes.gateway.networking.k8s.io', '-n', 'shop')).toMatchObject(
      {
        code: 1,
        stdout: 'no\n',
      },
    );
    expect(await kubectl('auth', 'can-i', 'list', 'replicasets.apps', '-n', 'shop')).toMatchObject({
      code: 0,
      stdout: 'yes\n',
    });
    standIn?.scenario.denied.splice(0);

    const applied = await kubectl('apply', '--server-side', '--field-manager=deploy-kit', '-f', made.dir);
    expect(applied).toMatchObject({
      code: 0,
      stdout:
        'deployment.apps/api serverside-applied\nservice/api serverside-applied\nhttproute.gateway.networking.k8s.io/shop serverside-applied\n',
    });
    // The CRD's defaults (group "", kind Service, weight 1) are filled, as a cluster with the Gateway API fills them.
    const route = await kubectl(
      'get',
      'httproute',
      'shop',
      '-o',
      'jsonpath={range .spec.rules[0].backendRefs[*]}{.kind}/{.name}:{.port} weight {.weight}{end}',
    );
    expect(route).toMatchObject({ code: 0, stdout: 'Service/api:80 weight 1' });
    expect(
      (
        await kubectl(
          'get',
          'httproute',
          'shop',
          '--show-managed-fields',
          '-o',
          'jsonpath={.metadata.managedFields[*].manager}',
        )
      ).stdout,
    ).toBe('deploy-kit');

    // The call a traffic canary makes to find the stable pods: ReplicaSets by the Deployment's labels.
    expect((await kubectl('rollout', 'status', 'deployment/api', '--timeout=60s')).code).toBe(0);
    const replicaSets = await kubectl(
      'get',
      'replicasets',
      '-l',
      'app=api',
      '-o',
      'jsonpath={range .items[*]}{.metadata.ownerReferences[0].name} {.spec.replicas} {.metadata.labels.pod-template-hash}{end}',
    );
    expect(replicaSets.stdout).toMatch(/^api 2 [0-9a-f]{10}$/);

    // A weight outside 0..1000000 is refused by the server, naming the field.
    const bad = await manifestsFolder({ 'route.yaml': ROUTE.replace('port: 80', 'port: 80, weight: 2000000') });
    cleanups.push(bad.remove);
    const refused = await kubectl('apply', '--server-side', '-f', bad.dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('The HTTPRoute "shop" is invalid: spec.rules[0].backendRefs[0].weight:');
  });

  test('a wrong token is refused (401) and kubectl says so', async () => {
    standIn = await startStandIn();
    const kubectl = await kubectlSession(standIn.kubeconfig().replace(standIn.scenario.token, 'wrong-token'));
    cleanups.push(kubectl.close);
    const got = await kubectl.run('get', 'deployments');
    expect(got.code).toBe(1);
    expect(got.stderr).toContain('You must be logged in to the server');
  });
});
