import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkHealth, parseHealthCheckInputs, toHealthCheckOptions } from '@deploy-kit/health';

/**
 * Health-check benchmark, against real HTTP servers on 127.0.0.1:
 * 1. detection delay: a service answers 503, turns healthy at a random moment; how long
 *    until the bundled action (run as the runner runs it) logs "healthy", and exits;
 * 2. 100 URLs checked at once versus one, in-process (checkHealth) and through the action.
 */

const args = process.argv.slice(2);
const arg = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const actionPath = arg('--action');
const reps = Number(arg('--reps') ?? '') || 7;
if (!actionPath) throw new Error('run this with `node bench/health/run.mjs`');

interface Listening {
  server: Server;
  url: string;
}

async function listen(server: Server, path = '/api/health'): Promise<Listening> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}` };
}

async function close({ server }: Listening): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const ms = (value: number) => `${Math.round(value)} ms`;

interface ActionRun {
  exitCode: number;
  /** performance.now() when the "healthy" log line arrived. */
  healthyLineAt?: number;
  exitedAt: number;
  startedAt: number;
  outputs: string;
}

/** Spawns the bundled action as the runner does (INPUT_* variables, output and summary files). */
function runAction(inputs: Record<string, string>): Promise<ActionRun> {
  const work = mkdtempSync(join(tmpdir(), 'deploy-kit-bench-health-run-'));
  const output = join(work, 'output');
  const summary = join(work, 'summary');
  writeFileSync(output, '');
  writeFileSync(summary, '');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const startedAt = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [actionPath as string], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let healthyLineAt: number | undefined;
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      if (healthyLineAt === undefined && /: healthy(\n| \()/.test(buffered)) healthyLineAt = performance.now();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 600_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const outputs = readFileSync(output, 'utf8');
      rmSync(work, { recursive: true, force: true });
      resolve({ exitCode: code ?? 1, healthyLineAt, exitedAt: performance.now(), startedAt, outputs });
    });
  });
}

/** Deterministic spread of flip moments over [min, max] (golden-ratio sequence), so runs compare. */
function flipDelays(count: number, min: number, max: number): number[] {
  return Array.from({ length: count }, (_, i) => min + (((i + 1) * 0.618033988749895) % 1) * (max - min));
}

async function detection(label: string, inputs: Record<string, string>): Promise<string> {
  const toLine: number[] = [];
  const toExit: number[] = [];
  for (const flipAfter of flipDelays(reps, 1500, 6000)) {
    let healthySince: number | undefined;
    const service = await listen(
      createServer((_req, res) => {
        const healthy = healthySince !== undefined;
        res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: healthy ? 'ok' : 'starting', version: healthy ? '1.2.0' : '1.1.0' }));
      }),
    );
    const running = runAction({ url: service.url, 'expect-version': '1.2.0', ...inputs });
    const flip = setTimeout(() => (healthySince = performance.now()), flipAfter);
    const run = await running;
    clearTimeout(flip);
    await close(service);
    if (run.exitCode !== 0 || healthySince === undefined || run.healthyLineAt === undefined) {
      throw new Error(`${label}: the action did not report healthy (exit ${run.exitCode})`);
    }
    toLine.push(run.healthyLineAt - healthySince);
    toExit.push(run.exitedAt - healthySince);
  }
  const fmt = (values: number[]) => `${ms(median(values))} (${ms(Math.min(...values))}–${ms(Math.max(...values))})`;
  return `| ${label} | ${reps} | ${fmt(toLine)} | ${fmt(toExit)} |`;
}

async function fanOut(serverDelayMs: number): Promise<string[]> {
  const services = await Promise.all(
    Array.from({ length: 100 }, () =>
      listen(
        createServer((_req, res) => {
          setTimeout(() => {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end('{"status":"ok","version":"1.2.0"}');
          }, serverDelayMs);
        }),
      ),
    ),
  );
  try {
    const urls = services.map((s) => s.url);
    const inputs = { 'expect-version': '1.2.0', json: 'status == ok' };
    const inProcess = async (list: string[]) => {
      const started = performance.now();
      const report = await checkHealth(toHealthCheckOptions(list, parseHealthCheckInputs(inputs)));
      if (!report.healthy) throw new Error('fan-out: expected healthy');
      return performance.now() - started;
    };
    const viaAction = async (list: string[]) => {
      const run = await runAction({ url: list.join('\n'), ...inputs });
      if (run.exitCode !== 0 || !run.outputs.includes('true')) throw new Error('fan-out action: expected healthy');
      return run.exitedAt - run.startedAt;
    };
    const rows: string[] = [];
    for (const [how, measure] of [
      ['checkHealth (in-process)', inProcess],
      ['bundled action (new node process)', viaAction],
    ] as const) {
      const one: number[] = [];
      const hundred: number[] = [];
      await measure(urls.slice(0, 1)); // warm-up
      for (let i = 0; i < reps; i++) {
        one.push(await measure(urls.slice(0, 1)));
        hundred.push(await measure(urls));
      }
      rows.push(
        `| ${how} | ${serverDelayMs} ms | ${ms(median(one))} | ${ms(median(hundred))} | ${(median(hundred) / median(one)).toFixed(1)}× |`,
      );
    }
    return rows;
  } finally {
    await Promise.all(services.map(close));
  }
}

async function main(): Promise<void> {
  console.log(
    `Node ${process.version}, ${cpus().length} cores, load average ${loadavg()[0]?.toFixed(1)} at start, ${reps} repetitions\n`,
  );
  console.log('## Time from the service turning healthy to the action reporting it\n');
  console.log(
    '| Poll settings | Runs | To the "healthy" log line: median (min–max) | To the action exiting: median (min–max) |',
  );
  console.log('| --- | --- | --- | --- |');
  console.log(await detection('defaults: interval 2s, exponential ×1.5 ±20%, max-interval 30s', {}));
  console.log(await detection('interval 500ms, constant', { interval: '500ms', backoff: 'constant' }));
  console.log(await detection('interval 250ms, constant', { interval: '250ms', backoff: 'constant' }));
  console.log('\n## 100 URLs checked at once versus one (all healthy)\n');
  console.log('| Measured | Server delay | 1 URL (median) | 100 URLs (median) | Ratio |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const delay of [0, 200]) for (const row of await fanOut(delay)) console.log(row);
  console.log(`\nLoad average ${loadavg()[0]?.toFixed(1)} at the end.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
