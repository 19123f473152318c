import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { actionNode, runBundledAction } from '../support/run-bundled-action';
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

  it("exits 1, not killed, when the runner's SIGTERM arrives after the report is written", async () => {
    // The race that made this step exit 128 on a loaded machine: the SIGTERM that follows SIGINT
    // came after the action had removed its own handlers, so Node's default one killed it. Here
    // the test waits for the ::error:: line before sending SIGTERM, so the timing is not luck.
    server = await startScriptedServer((_n, _req, res) => json(res, 503, {}));
    const run = await cancelInTwoSteps(`${server.origin}/health`);
    expect(run).toMatchObject({ code: 1, signal: null });
    expect(run.outputs).toContain('healthy<<');
    expect(run.summary).toContain('⏹️ stopped');
  });
});

/**
 * Runs the health-check bundle against `url`; on its first "next attempt in" sends SIGINT,
 * and once it printed its ::error:: line sends SIGTERM. Bounded by a 60 s kill.
 */
async function cancelInTwoSteps(
  url: string,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; outputs: string; summary: string }> {
  const work = mkdtempSync(join(tmpdir(), 'deploy-kit-health-cancel-'));
  const [outputFile, summaryFile] = [join(work, 'output'), join(work, 'summary')];
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  try {
    const entry = resolve(import.meta.dirname, '../../dist/health-check/index.js');
    const child = spawn(actionNode(), [entry], {
      env: {
        PATH: process.env.PATH,
        RUNNER_TEMP: work,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        INPUT_URL: url,
        INPUT_INTERVAL: '10s',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    let sent: NodeJS.Signals[] = [];
    const onOutput = (chunk: Buffer) => {
      log += chunk.toString();
      if (sent.length === 0 && /next attempt in/.test(log)) sent = [...sent, 'SIGINT'];
      else if (sent.length === 1 && /::error::/.test(log)) sent = [...sent, 'SIGTERM'];
      else return;
      child.kill(sent.at(-1));
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) =>
      child.on('close', (exitCode, exitSignal) => done([exitCode, exitSignal])),
    );
    clearTimeout(timer);
    expect(sent).toEqual(['SIGINT', 'SIGTERM']);
    return { code, signal, outputs: readFileSync(outputFile, 'utf8'), summary: readFileSync(summaryFile, 'utf8') };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
