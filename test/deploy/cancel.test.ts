import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFakeGitHub, type FakeGitHub } from '../github-api';
import { startRegistry, type Registry } from '../infra';
import { inputVariable } from '../support/run-bundled-action';
import { pushMinimalImage } from '../rollback/push-minimal-image';

const bundle = resolve(import.meta.dirname, '../../dist/deploy/index.js');

/**
 * A job cancelled mid-deploy: the runner signals the action. The deployment
 * must end as `failure`, not stay `in_progress` for ever.
 */
describe('deploy cancelled by the runner', () => {
  let api: FakeGitHub;
  let registry: Registry;
  let work: string;

  beforeAll(async () => {
    [api, registry] = await Promise.all([startFakeGitHub(), startRegistry()]);
    work = mkdtempSync(join(tmpdir(), 'deploy-kit-cancel-'));
    await pushMinimalImage(registry.host, 'acme/shop', 'v1', 'v1');
  });
  afterAll(async () => {
    await Promise.all([api?.stop(), registry?.stop()]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'records failure on %s during the target step and fails the step',
    async (signal) => {
      const before = Math.max(0, ...api.state.deployments.map((d) => d.id));
      const output = join(work, `output-${signal}`);
      writeFileSync(output, '');
      const inputs: Record<string, string> = {
        environment: 'production',
        image: `${registry.host}/acme/shop:v1`,
        target: 'command',
        command: 'sleep 30',
        'github-token': 'ghs_cancelTestToken0123456789',
      };
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        RUNNER_TEMP: work,
        GITHUB_ACTIONS: 'true',
        GITHUB_OUTPUT: output,
        GITHUB_REPOSITORY: 'octo-org/hello-world',
        GITHUB_SHA: 'ffac537e6cbbf934b08745a378932722df287a53',
        GITHUB_RUN_ID: '1658821493',
        GITHUB_API_URL: api.url,
        ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [inputVariable(name), value])),
      };
      // Its own process group, so the test can end the script it started too.
      const child = spawn(process.execPath, [bundle], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      let log = '';
      child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
      const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
      try {
        await waitFor(() => log.includes('::group::deploy command'));
        const [deployment] = api.state.deployments.filter((d) => d.id > before);
        expect(api.latestState(deployment!.id)).toBe('in_progress');
        child.kill(signal);
        expect(await exited).not.toBe(0);
        expect(api.latestState(deployment!.id)).toBe('failure');
        expect(api.state.statuses.filter((s) => s.deploymentId === deployment!.id).at(-1)?.description).toContain(
          `Cancelled (${signal})`,
        );
      } finally {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // The group is already gone.
        }
      }
      expect(api.validationErrors).toEqual([]);
    },
  );
});

async function waitFor(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs / 1000}s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
