import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startFakeGitHub, type FakeGitHub } from '../../../test/github-api';

const root = resolve(import.meta.dirname, '../../..');
const fixture = join(import.meta.dirname, 'fixtures/crash-during-work.ts');

let api: FakeGitHub;
beforeEach(async () => {
  api = await startFakeGitHub();
});
afterEach(async () => {
  expect(api.validationErrors).toEqual([]);
  await api.stop();
});

/** Runs the crashing process to its end (killed after 240 s, so the test is bounded; ts-run took over 60 s on a loaded machine). */
function runCrashing(
  mode: 'exception' | 'rejection',
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(root, 'scripts/ts-run.mjs'), fixture, api.url, mode], {
      cwd: root,
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

describe('an action that crashes while its deployment is in progress', () => {
  it.each([
    ['exception', 'boom: a bug in a timer callback'],
    ['rejection', 'boom: a rejection nobody handled'],
  ] as const)(
    'an uncaught %s ends the record as failure, then the process exits 1',
    async (mode, message) => {
      const result = await runCrashing(mode);

      expect(result.stdout).toContain('working');
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(new RegExp(`Crashed: ${message}: marking deployment \\d+ as failed`));
      // Reported once, by the action's error boundary, as the bug it is.
      expect(result.stdout.split('\n').filter((line) => line.startsWith('::error::'))).toEqual([
        `::error::${message} (this looks like a bug in deploy-kit; re-run with debug logging for the stack)`,
      ]);
      const [deployment] = api.state.deployments;
      expect(api.state.statuses.filter((s) => s.deploymentId === deployment?.id).map((s) => s.state)).toEqual([
        'in_progress',
        'failure',
      ]);
      expect(api.state.statuses.at(-1)?.description).toBe(`Crashed: ${message}`);
    },
    270_000,
  );
});
