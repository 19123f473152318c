import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { checkHealth, parseHealthCheckInputs, toHealthCheckOptions } from '@deploy-kit/health';
import { buildAppImage, freePort, runCommand, startPodman, type Podman } from '../infra';
import { runBundledAction } from '../support/run-bundled-action';

// The busybox app image from the build-image tests, served by the Podman engine through
// the real docker CLI, checked the way a deploy checks it: is the NEW version answering?
const suffix = `${process.pid}-${Date.now()}`;
const oldRef = `localhost/deploy-kit-health-app:v1.1.0-${suffix}`;
const newRef = `localhost/deploy-kit-health-app:v1.2.0-${suffix}`;
const sickRef = `localhost/deploy-kit-health-app:sick-${suffix}`;
const containers: string[] = [];
let podman: Podman | undefined;
let env: NodeJS.ProcessEnv;

async function runApp(ref: string, port: number): Promise<void> {
  const name = `deploy-kit-health-${suffix}-${containers.length}`;
  containers.push(name);
  await runCommand('docker', ['run', '-d', '--name', name, '-p', `127.0.0.1:${port}:8080`, ref], {
    env,
    timeoutMs: 60_000,
  });
}

async function removeApps(): Promise<void> {
  const names = containers.splice(0);
  if (names.length)
    await runCommand('docker', ['rm', '-f', ...names], { env, timeoutMs: 60_000 }).catch(() => undefined);
}

beforeAll(async () => {
  podman = await startPodman();
  env = { ...process.env, ...podman.env };
  await buildAppImage({ env: podman.env, ref: oldRef, version: 'v1.1.0' });
  await buildAppImage({ env: podman.env, ref: newRef, version: 'v1.2.0' });
  await buildAppImage({ env: podman.env, ref: sickRef, version: 'v1.2.0', health: 'unhealthy' });
}, 300_000);

afterAll(async () => {
  await removeApps();
  await podman?.stop();
}, 120_000);

describe('health check of the busybox app container', () => {
  it('tells the old version answering from the new one', async () => {
    const port = await freePort();
    await runApp(oldRef, port);
    const url = `http://127.0.0.1:${port}/api/health`;
    const inputs = {
      'expect-version': '1.2.0',
      json: 'status == ok',
      interval: '300ms',
      backoff: 'constant',
      'max-attempts': '10',
    };
    const report = await checkHealth(toHealthCheckOptions([url], parseHealthCheckInputs(inputs)));
    expect(report.healthy).toBe(false);
    expect(report.urls[0]?.attempts.at(-1)?.error).toBe(
      'version is "v1.1.0", expected "1.2.0" (an older version may still be answering)',
    );
    await removeApps();
  }, 120_000);

  it('passes the action once the new version replaces the old one', async () => {
    const port = await freePort();
    await runApp(oldRef, port);
    const url = `http://127.0.0.1:${port}/api/health`;
    const action = runBundledAction('health-check', {
      inputs: {
        url,
        'expect-version': 'v1.2.0',
        json: 'status == ok',
        interval: '300ms',
        backoff: 'constant',
        deadline: '90s',
      },
      timeoutMs: 120_000,
      // Swap the containers as a deploy would, once the check has seen the old version answer.
      during: {
        when: /not ready: version is "v1\.1\.0"/,
        then: async () => {
          await removeApps();
          await runApp(newRef, port);
        },
      },
    });
    const result = await action;
    expect(result.exitCode).toBe(0);
    expect(result.outputs.healthy).toBe('true');
    expect(result.log).toContain('not ready: version is "v1.1.0", expected "v1.2.0"');
    expect(result.log).toMatch(/: HTTP 200 OK in \d+(ms|\.\d+s|s): healthy/);
    expect(Number(result.outputs.attempts)).toBeGreaterThan(1);
    await removeApps();
  }, 180_000);

  it('fails the right version at once when it reports itself unhealthy three times in a row', async () => {
    const port = await freePort();
    await runApp(sickRef, port);
    const url = `http://127.0.0.1:${port}/api/health`;
    const result = await runBundledAction('health-check', {
      inputs: {
        url,
        'expect-version': '1.2.0',
        json: 'status == ok',
        interval: '300ms',
        backoff: 'constant',
      },
      timeoutMs: 120_000,
    });
    // No max-attempts and the 5m default deadline: the definite-failure rule ends it.
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ healthy: 'false', 'failing-url': url, attempts: '3' });
    expect(result.stdout).toMatch(
      /::error::Unhealthy: .*: unhealthy: the release answered and failed 3 times in a row \(failure-threshold 3, after [\d.]+m?s\): status is "unhealthy", expected "ok"/,
    );
    await removeApps();
  }, 180_000);
});
