// Blue-green on one ssh-compose host behind a real nginx (Debian's, run as the host's own
// proxy: `runs: host`), with Podman behind the docker CLI, a real sshd (host key checked) and
// a registry. A request loop runs through nginx during each change and must see no failure.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BlueGreenTarget,
  RolloutFailedError,
  rolloutLine,
  type BlueGreenOptions,
  type BlueGreenReport,
} from '@deploy-kit/targets';
import { runRelease, type ReleaseTask } from '@deploy-kit/engine';
import { createGitHubClient } from '@deploy-kit/github';
import { DeploymentLedger } from '@deploy-kit/ledger';
import { startFakeGitHub, type FakeGitHub } from '../github-api';
import { runCommand } from '../infra';
import { waitUntil } from '../infra/processes';
import { startRequestLoop, type LoopResult, type RequestLoop } from './request-loop';
import { startHostStack, type HostStack } from './stack';

const log = {
  info: () => undefined,
  warning: () => undefined,
  group: <T>(_: string, work: () => Promise<T>) => work(),
};

let stack: HostStack;
let github: FakeGitHub;

/** A deploy through the engine's one flow, recorded in the (fake) GitHub deployments ledger: its error and final status. */
async function deployRecorded(bg: BlueGreenTarget, version: string) {
  const request = stack.request(version);
  const task: ReleaseTask = {
    kind: 'deploy',
    intent: async () => ({
      kind: 'release',
      request,
      sha: 'ffac537e6cbbf934b08745a378932722df287a53',
      description: `Deploy ${version}`,
    }),
  };
  const ledger = new DeploymentLedger(
    createGitHubClient('ghs_test', { baseUrl: github.url }),
    { owner: 'octo-org', repo: 'hello-world' },
    {},
  );
  const error = await runRelease(task, {
    target: bg,
    ledger,
    environment: 'production',
    services: request.services,
    log,
  }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  await ledger.flush();
  const status = github.requests.filter((r) => r.operationId === 'repos/create-deployment-status').at(-1)?.body;
  return { error, status: status as { state: string; description: string } | undefined };
}

function target(overrides: Partial<BlueGreenOptions> = {}): BlueGreenTarget {
  return new BlueGreenTarget({
    ...stack.hostOptions(),
    drainTimeoutMs: 30_000,
    keepMs: 3_600_000,
    ...overrides,
  });
}

/** The containers of one colour: id and start time, from the host's container list. */
async function containers(colour: string): Promise<string> {
  const env = { ...process.env, ...stack.podman.env };
  const ps = await runCommand(
    'docker',
    ['ps', '-a', '--filter', `label=com.docker.compose.project=${colour}`, '--format', '{{.ID}} {{.Status}}'],
    { env, timeoutMs: 30_000 },
  );
  const ids = ps.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' ')[0]!);
  if (ids.length === 0) return '';
  const inspect = await runCommand(
    'docker',
    ['inspect', '--format', '{{.Id}} {{.State.StartedAt}} {{.State.Running}}', ...ids],
    {
      env,
      timeoutMs: 30_000,
    },
  );
  return inspect.stdout.trim();
}

/** Manifest requests the registry served for a tag or digest so far (a pull asks for one). */
function manifestGets(): number {
  return readFileSync(stack.registry.logFile, 'utf8')
    .split('\n')
    .filter((line) => /"(GET|HEAD) \/v2\/octo-org\/api\/manifests\//.test(line)).length;
}

const colourProject = (colour: string) => stack.colourProject(colour);

beforeAll(async () => {
  [stack, github] = await Promise.all([startHostStack(), startFakeGitHub()]);
  await stack.push('v1');
  await stack.push('v2');
  // A release whose process never answers: the app image, but sleeping instead of serving.
  const context = mkdtempSync(join(tmpdir(), 'deploy-kit-never-healthy-'));
  writeFileSync(
    join(context, 'Dockerfile'),
    `FROM ${stack.image('v1')}\nCMD ["/bin/sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]\n`,
  );
  const env = { ...process.env, ...stack.podman.env, DOCKER_BUILDKIT: '0' };
  const never = stack.image('v3-never-healthy');
  await runCommand('docker', ['build', '--quiet', '--tag', never, context], { env, timeoutMs: 180_000 });
  await runCommand('docker', ['push', never], { env, timeoutMs: 120_000 });
  rmSync(context, { recursive: true, force: true });
  await stack.recordDigest('v3-never-healthy');
}, 600_000);

afterAll(async () => {
  await Promise.all([stack?.stop(), github?.stop()]);
}, 300_000);

describe('blue-green through nginx on one ssh-compose host', () => {
  it('first deploy: starts blue off the public port, checks it, points the upstream at it', async () => {
    const bg = target();
    const report = await bg.deploy(stack.request('v1'), log);
    expect(await stack.served()).toBe('200 v1');
    expect(report).toMatchObject({ strategy: 'blue-green', outcome: 'switched', live: 'blue' });
    // deploy-kit wrote only its upstream file; the user's file is as it was.
    expect(readFileSync(stack.nginx.configFile, 'utf8')).toMatch(
      /^# deploy-kit: live=blue\n[\s\S]*upstream api \{\n {4}server 127\.0\.0\.1:\d+;/,
    );
    expect(readFileSync(stack.nginx.userFile, 'utf8')).toBe("# the user's own settings\nserver_tokens off;\n");
    expect(await current(bg)).toBe('v1');
  }, 300_000);

  it('deploys v2 beside v1 and switches with 0 failed requests; v1 stays running (kept)', async () => {
    const loop = startRequestLoop(stack.nginx.port);
    await waitUntil(async () => (await loop.peek()).requests > 20, { what: 'the request loop', timeoutMs: 30_000 });
    const bg = target();
    // Progress while it runs (the engine sends it to the ledger): the switch, once it is done.
    const lines: string[] = [];
    const report = await bg.deploy({ ...stack.request('v2'), progress: (line) => lines.push(line) }, log);
    expect(lines).toEqual(['blue-green 127.0.0.1: switch nginx to green done']);
    const result = await afterSwitch(loop);
    expect(result.failures).toEqual([]);
    expect(result.after).toEqual(['v2']);
    // Connections nginx's old workers held may get v1 until they drained; the deploy waits for that.
    expect(result.versions[0]).toBe('v1');
    expect(report).toMatchObject({ outcome: 'switched', live: 'green' });
    expect(report.steps.map((s) => s.name)).toEqual([
      'look at the host',
      'start green beside blue',
      "read green's port",
      'health check green on its own port',
      'record the colours',
      'switch nginx to green',
      'drain blue',
      'record the colours',
    ]);
    expect(await containers(colourProject('blue'))).toMatch(/ true$/);
  }, 300_000);

  it('a rollback to v1 is a switch back: no pull, no start, 0 failed requests', async () => {
    const blueBefore = await containers(colourProject('blue'));
    const pullsBefore = manifestGets();
    const loop = startRequestLoop(stack.nginx.port);
    await waitUntil(async () => (await loop.peek()).requests > 20, { what: 'the request loop', timeoutMs: 30_000 });
    const bg = target();
    const report = await bg.deploy(stack.request('v1'), log);
    const result = await afterSwitch(loop);
    expect(result.failures).toEqual([]);
    expect(result.after).toEqual(['v1']);
    expect(report).toMatchObject({ outcome: 'switched-back', live: 'blue' });
    // The same containers, started at the same time, and nothing asked of the registry.
    expect(await containers(colourProject('blue'))).toBe(blueBefore);
    expect(manifestGets()).toBe(pullsBefore);
    expect(report.steps.some((s) => s.name.startsWith('start'))).toBe(false);
  }, 300_000);

  it('a release that never becomes healthy: nothing is switched, v1 keeps serving, the deployment is recorded as failed', async () => {
    const upstreamBefore = readFileSync(stack.nginx.configFile, 'utf8');
    const loop = startRequestLoop(stack.nginx.port);
    const bg = target({ healthTimeoutMs: 5_000 });
    const { error, status } = await deployRecorded(bg, 'v3-never-healthy');
    expect(error).toBeInstanceOf(RolloutFailedError);
    // The ledger: failed, with how the blue-green deploy ended before the error's line.
    expect(status?.state).toBe('failure');
    expect(status?.description).toMatch(
      /^blue-green 127\.0\.0\.1: failed blue-live; v3-never-healthy never became healthy on 127\.0\.0\.1/,
    );
    const { message, report } = error as RolloutFailedError;
    expect(message).toMatch(
      /v3-never-healthy never became healthy on 127\.0\.0\.1 .*nothing was switched, v1 keeps the traffic/,
    );
    // The error carries the steps, for the summary and the notification: stopped at green's health check.
    expect(report).toMatchObject({ strategy: 'blue-green', outcome: 'failed', live: 'blue' });
    expect((report as BlueGreenReport).steps.map((s) => `${s.ok ? 'ok' : 'failed'} ${s.name}`)).toEqual([
      'ok look at the host',
      'ok start green beside blue',
      "ok read green's port",
      'failed health check green on its own port',
    ]);
    expect(rolloutLine(report)).toBe(
      'Blue-green on 127.0.0.1: failed, ✗ health check green on its own port (never answered 2xx), blue live.',
    );
    const result = await loop.stop();
    expect(result.failures).toEqual([]);
    expect(result.versions).toEqual(['v1']);
    expect(readFileSync(stack.nginx.configFile, 'utf8')).toBe(upstreamBefore);
    expect(await stack.served()).toBe('200 v1');
    // The failed colour was removed; the next deploy starts it afresh.
    expect(await containers(colourProject('green'))).toBe('');
  }, 300_000);

  it('a reload nginx refuses (a broken include of the user): v1 keeps serving, the error is nginx own', async () => {
    const upstreamBefore = readFileSync(stack.nginx.configFile, 'utf8');
    const broken = join(stack.nginx.dir, 'user.d', 'broken.conf');
    writeFileSync(broken, 'this is not nginx;\n');
    try {
      const bg = target();
      await expect(bg.deploy(stack.request('v2'), log)).rejects.toThrow(
        /nginx refused the configuration with deploy-kit's upstream api .*unknown directive "this".*the previous upstream file is back and the live release keeps the traffic/,
      );
      expect(readFileSync(stack.nginx.configFile, 'utf8')).toBe(upstreamBefore);
      expect(existsSync(`${stack.nginx.configFile}.deploy-kit-previous`)).toBe(false);
      expect(await stack.served()).toBe('200 v1');
    } finally {
      unlinkSync(broken);
    }
  }, 300_000);

  it('SSH cut in the middle of the switch: the deploy fails, a re-run converges on v2', async () => {
    const hold = join(stack.nginx.dir, 'hold-reload');
    writeFileSync(hold, '');
    const first = target().deploy(stack.request('v2'), log);
    const outcome = first.then(
      () => 'resolved',
      (error: Error) => error.message,
    );
    try {
      await waitUntil(async () => existsSync(join(stack.nginx.dir, 'reload-held')), {
        what: 'the reload to start',
        timeoutMs: 240_000,
      });
      stack.sshd.dropConnections();
      expect(await outcome).toMatch(/ssh|connection|SSH/i);
    } finally {
      unlinkSync(hold);
    }
    const loop = startRequestLoop(stack.nginx.port);
    const bg = target();
    const report = await bg.deploy(stack.request('v2'), log);
    const result = await afterSwitch(loop);
    expect(result.failures).toEqual([]);
    expect(result.after).toEqual(['v2']);
    expect(['already-live', 'switched-back']).toContain(report.outcome);
    expect(await stack.served()).toBe('200 v2');
    expect(readFileSync(stack.nginx.configFile, 'utf8')).toMatch(/^# deploy-kit: live=green\n/);
  }, 400_000);
});

/** Lets the loop send 20 more requests once the deploy returned, then stops it: `after` is what those saw. */
async function afterSwitch(loop: RequestLoop): Promise<LoopResult & { after: string[] }> {
  const mark = (await loop.peek()).requests;
  await waitUntil(async () => (await loop.peek()).requests > mark + 20, {
    what: '20 more requests',
    timeoutMs: 60_000,
  });
  const result = await loop.stop();
  const seen = result.answers.slice(result.answers.length - 20);
  return { ...result, after: [...new Set(seen)] };
}

async function current(bg: BlueGreenTarget): Promise<string | undefined> {
  const release = await bg.current(stack.request('v1').services, log);
  return release?.version;
}
