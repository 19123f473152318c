import { afterEach, describe, expect, it } from '@jest/globals';
import { runBundledAction } from '../support/run-bundled-action';
import { json, startScriptedServer, type ScriptedServer } from './scripted-server';

// A cancelled job: the runner sends SIGTERM. The step must still fail, with outputs and summary.
let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.stop();
});

describe('health-check action cancelled', () => {
  it('stops polling on SIGINT and SIGTERM, reports what it saw and fails the step', async () => {
    server = await startScriptedServer((_n, _req, res) => json(res, 503, {}));
    const run = await runBundledAction('health-check', {
      inputs: { url: `${server.origin}/health`, interval: '10s' },
      timeoutMs: 60_000,
      // The runner sends SIGINT, then SIGTERM: both must leave the report intact.
      cancel: { when: /attempt 1 .*next attempt in/, signals: ['SIGINT', 'SIGTERM'] },
    });
    // 1, never 128 + signal: the runner's SIGTERM after SIGINT must not find Node's default handler.
    expect(run.exitCode).toBe(1);
    expect(run.stdout.split('\n').filter((line) => line.startsWith('::error::'))).toEqual([
      expect.stringMatching(/^::error::Cancelled after \d+(ms|\.\d+s|s), before every URL was found healthy$/),
    ]);
    expect(run.outputs).toMatchObject({ healthy: 'false', attempts: '1' });
    expect(run.summary).toContain('⏹️ stopped');
    expect(server.requests).toHaveLength(1);
  });
});
