import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseFileCommands as parseOutputFile } from '@deploy-kit/local-runner';
import { inputVariable } from '../support/run-bundled-action';
import { json, startScriptedServer, type ScriptedServer } from './scripted-server';

// A cancelled job: the runner sends SIGTERM. The step must still fail, with outputs and summary.
const bundle = resolve(import.meta.dirname, '../../dist/health-check/index.js');
let server: ScriptedServer | undefined;
let work: string | undefined;
afterEach(async () => {
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('health-check action cancelled', () => {
  it('stops polling on SIGINT and SIGTERM, reports what it saw and fails the step', async () => {
    server = await startScriptedServer((_n, _req, res) => json(res, 503, {}));
    work = mkdtempSync(join(tmpdir(), 'health-cancel-'));
    const output = join(work, 'output');
    const summary = join(work, 'summary');
    writeFileSync(output, '');
    writeFileSync(summary, '');
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary };
    env[inputVariable('url')] = `${server.origin}/health`;
    env[inputVariable('interval')] = '10s';
    const child = spawn(process.execPath, [bundle], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let signalled = false;
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      // The runner sends SIGINT, then SIGTERM: both must leave the report intact.
      if (!signalled && /attempt 1 .*next attempt in/.test(stdout)) {
        signalled = true;
        child.kill('SIGINT');
        child.kill('SIGTERM');
      }
    });
    const code = await new Promise<number | null>((done) => child.on('close', (exit) => done(exit)));
    clearTimeout(killer);
    expect(code).toBe(1);
    expect(stdout).toMatch(/::error::Cancelled after \d+(ms|\.\d+s|s), before every URL was found healthy/);
    expect(parseOutputFile(readFileSync(output, 'utf8'))).toMatchObject({ healthy: 'false', attempts: '1' });
    expect(readFileSync(summary, 'utf8')).toContain('⏹️ stopped');
    expect(server.requests).toHaveLength(1);
  });
});
