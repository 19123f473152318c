import { chmod, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { readCurrent, rollOut, withKubeconfig } from '@deploy-kit/kubernetes';
import { captureLog, deploymentYaml, GOOD, manifestsFolder, runtime } from './helpers';
import { kubectlSession } from './kubectl';
import { startStandIn, type StandIn } from './stand-in/server';

let standIn: StandIn | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await standIn?.stop();
  standIn = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The stand-in's kubeconfig with the token user replaced by an exec plugin that prints an ExecCredential. */
async function execKubeconfig(server: StandIn): Promise<string> {
  const dir = await tempDir('kube-exec-');
  const plugin = join(dir, 'credential-plugin.sh');
  const credential = JSON.stringify({
    apiVersion: 'client.authentication.k8s.io/v1',
    kind: 'ExecCredential',
    status: { token: server.scenario.token },
  });
  await writeFile(plugin, `#!/bin/sh\nprintf '%s' '${credential}'\n`);
  await chmod(plugin, 0o700);
  const text = server
    .kubeconfig()
    .replace(
      `    token: ${server.scenario.token}\n`,
      `    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: ${plugin}\n      interactiveMode: Never\n`,
    );
  if (text.includes(server.scenario.token)) throw new Error('the exec kubeconfig still carries the token');
  return text;
}

describe('the kubeconfig secret', () => {
  test('is written 0600 in a private directory under the temp root (RUNNER_TEMP) and removed afterwards, even on failure', async () => {
    const root = await tempDir('runner-temp-');
    let seen: { mode: number; dirMode: number } | undefined;
    await withKubeconfig({ text: 'apiVersion: v1\nkind: Config\n', tempRoot: root }, async () => {
      const [dir] = await readdir(root);
      const file = join(root, dir ?? '', 'kubeconfig');
      seen = { mode: (await stat(file)).mode & 0o777, dirMode: (await stat(join(root, dir ?? ''))).mode & 0o777 };
    });
    expect(seen).toEqual({ mode: 0o600, dirMode: 0o700 });
    expect(await readdir(root)).toEqual([]);
    await expect(
      withKubeconfig({ text: 'x: 1', tempRoot: root }, () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    expect(await readdir(root)).toEqual([]);
  });

  test('a broken kubeconfig is one line that does not quote the secret', async () => {
    const result = await withKubeconfig(
      { text: 'users: [{name: u, user: {token: s3cr3t-value}\n' },
      async (loaded) => loaded,
    );
    expect(result.kind).toBe('invalid');
    expect(result.kind === 'invalid' && result.message).not.toContain('s3cr3t-value');
  });

  test('an unknown kube-context names the contexts the kubeconfig has', async () => {
    standIn = await startStandIn();
    const result = await withKubeconfig(
      { text: standIn.kubeconfig(), context: 'production' },
      async (loaded) => loaded,
    );
    expect(result).toEqual({
      kind: 'invalid',
      message: 'kube-context "production" is not in the kubeconfig; it has: stand-in',
    });
  });

  test('a token kubeconfig and an exec-plugin kubeconfig both deploy; the token never reaches the log', async () => {
    standIn = await startStandIn();
    const made = await manifestsFolder({ 'app.yaml': deploymentYaml() });
    cleanups.push(made.remove);
    for (const kubeconfig of [standIn.kubeconfig(), await execKubeconfig(standIn)]) {
      const log = captureLog();
      const outcome = await rollOut(
        {
          kubeconfig,
          namespace: 'shop',
          manifests: made.dir,
          workloads: 'api=deployment/api:api',
          release: { version: 'v1', images: { api: GOOD } },
          strategy: { kind: 'rolling' },
          timeoutMs: 60_000,
        },
        runtime(log),
      );
      expect(outcome.kind).toBe('deployed');
      expect(log.lines.join('\n')).not.toContain(standIn.scenario.token);
    }
    // The same exec kubeconfig works for kubectl: the plugin contract is the real one.
    const kubectl = await kubectlSession(await execKubeconfig(standIn));
    cleanups.push(kubectl.close);
    expect((await kubectl.run('get', 'deployment', 'api', '-o', 'jsonpath={.metadata.name}')).stdout).toBe('api');
  });

  test('a wrong token is an API error (401), not a crash', async () => {
    standIn = await startStandIn();
    const outcome = await readCurrent(
      {
        kubeconfig: standIn.kubeconfig().replace(standIn.scenario.token, 'expired'),
        namespace: 'shop',
        workloads: 'api=deployment/api:api',
        strategy: { kind: 'rolling' },
      },
      runtime(captureLog()),
    );
    expect(outcome).toMatchObject({ kind: 'api-error', status: 401, reason: 'Unauthorized' });
  });

  test('TLS is verified: a kubeconfig without the cluster CA is refused', async () => {
    standIn = await startStandIn();
    const withoutCa = standIn.kubeconfig().replace(/ {4}certificate-authority-data: .*\n/, '');
    const outcome = await readCurrent(
      { kubeconfig: withoutCa, namespace: 'shop', workloads: 'api=deployment/api:api', strategy: { kind: 'rolling' } },
      { ...runtime(captureLog()), backoffMs: 1 },
    );
    expect(outcome).toMatchObject({ kind: 'api-error', reason: 'Unreachable' });
  });
});

describe('failures of the credentials themselves', () => {
  test('an exec plugin that fails is an API error naming the credentials, not a crash', async () => {
    standIn = await startStandIn();
    const dir = await tempDir('kube-exec-fail-');
    const plugin = join(dir, 'failing-plugin.sh');
    await writeFile(plugin, '#!/bin/sh\necho "login expired" >&2\nexit 1\n');
    await chmod(plugin, 0o700);
    const kubeconfig = standIn
      .kubeconfig()
      .replace(
        `    token: ${standIn.scenario.token}\n`,
        `    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: ${plugin}\n      interactiveMode: Never\n`,
      );
    const outcome = await readCurrent(
      { kubeconfig, namespace: 'shop', workloads: 'api=deployment/api:api', strategy: { kind: 'rolling' } },
      runtime(captureLog()),
    );
    expect(outcome).toMatchObject({ kind: 'api-error', reason: 'Credentials' });
    expect(standIn.requests).toEqual([]);
  });

  test('cancelling (the AbortSignal) stops a rollout mid-wait and still removes the kubeconfig file', async () => {
    standIn = await startStandIn({
      behaviours: { [GOOD]: 'slow-start' },
      slowStartSteps: 100_000,
      progressDeadlineSteps: 1_000_000,
    });
    const made = await manifestsFolder({ 'app.yaml': deploymentYaml() });
    cleanups.push(made.remove);
    const root = await tempDir('runner-temp-');
    const controller = new AbortController();
    const rolling = rollOut(
      {
        kubeconfig: standIn.kubeconfig(),
        tempRoot: root,
        namespace: 'shop',
        manifests: made.dir,
        workloads: 'api=deployment/api:api',
        release: { version: 'v1', images: { api: GOOD } },
        strategy: { kind: 'rolling' },
        timeoutMs: 600_000,
      },
      runtime(captureLog(), controller.signal),
    );
    await standIn.received((r) => r.query.watch === 'true');
    controller.abort(new Error('cancelled by the user'));
    await expect(rolling).rejects.toThrow('cancelled by the user');
    expect(await readdir(root)).toEqual([]);
  });
});
