// Rollout benchmark (issue 10), on the real stack: Debian's nginx, Podman behind the docker CLI,
// sshd hosts with their own host keys, a registry, Debian's Prometheus. For each scenario,
// bench/rollout/load.mjs runs as a separate process at the public entry point (>= 100
// requests/s, keep-alive and new connections alternating) while the rollout runs.
// Run it with `node bench/rollout/run.mjs`; README.md here says what each scenario does.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  BlueGreenTarget,
  hostHealthCheck,
  MultiHostTarget,
  RolloutFailedError,
  type DeployTarget,
  type RolloutReport,
} from '@deploy-kit/targets';
import { freePort, startSshd, type Sshd } from '../../test/infra';
import { startMetricsApp, type MetricsApp } from '../../test/rollout/metrics-app';
import { startPrometheus, type Prometheus } from '../../test/rollout/prometheus';
import { startHostNginx, type HostNginx } from '../../test/rollout-host/host-nginx';
import { startHostStack, type HostStack } from '../../test/rollout-host/stack';
import { configText, healthOn, quietLog, targetFromConfig, type SshHost } from './from-config';
import { startFrontNginx, type FrontNginx } from './front-nginx';
import { killAllLoads, startLoad, type LoadResult } from './load-process';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    reps: { type: 'string', default: '1' },
    rate: { type: 'string', default: '120' },
  },
});
const reps = Math.max(1, Number(values.reps) || 1);
const rate = Math.max(100, Number(values.rate) || 120);

const GOOD = { requests: 100, errors: 0, latencySeconds: 0.02 };
const BAD = { requests: 100, errors: 50, latencySeconds: 0.02 };
const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

interface Row {
  strategy: string;
  scenario: string;
  rep: number;
  outcome: string;
  requests: number;
  failed: number;
  failures: Record<string, number>;
  longestGapMs: number;
  durationMs: number;
  /** blue-green rollback: from the deploy's start until nginx took the switch back (before the drain). */
  rollbackMs?: number;
  /** blue-green and canary: how long the deploy waited for nginx's old workers after the last switch. */
  drainMs?: number;
  /** blue-green and canary: each step of the target's report, in order, with its time in ms. */
  steps?: string[];
  versions: Record<string, number>;
  loadAverage: number;
}

interface RollingHost {
  name: string;
  sshd: Sshd;
  nginx: HostNginx;
  projectDir: string;
}

let stack: HostStack | undefined;
let metrics: MetricsApp | undefined;
let prometheus: Prometheus | undefined;
let front: FrontNginx | undefined;
const rollingHosts: RollingHost[] = [];
const tempDirs: string[] = [];
const rows: Row[] = [];

let cleaning: Promise<void> | undefined;
/** Stops everything this run started, whatever happened; containers go with Podman. */
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    killAllLoads();
    const quietly = (work: Promise<unknown> | undefined) => work?.catch(() => undefined);
    await Promise.all([quietly(prometheus?.stop()), quietly(metrics?.stop()), quietly(front?.stop())]);
    for (const host of rollingHosts) {
      await quietly(host.sshd.stop());
      await quietly(host.nginx.stop());
    }
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
    await quietly(stack?.stop());
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    process.stderr.write(`\n${signal}: stopping the stack...\n`);
    void cleanup().finally(() => process.exit(130));
  });
}

function progress(text: string): void {
  process.stderr.write(`[rollout bench ${new Date().toISOString().slice(11, 19)}] ${text}\n`);
}

async function servedAt(port: number): Promise<string> {
  try {
    const answer = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5_000) });
    return `${answer.status} ${(await answer.text()).trim()}`;
  } catch (error) {
    return (error as Error).message;
  }
}

async function waitServing(port: number, version: string, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    last = await servedAt(port);
    if (last === `200 ${version}`) return;
    await new Promise((done) => setTimeout(done, 20));
  }
  throw new Error(`127.0.0.1:${port} never served ${version} (last: ${last})`);
}

/**
 * One scenario: the load at `port`, then `rollout` (timed: `durationMs`), then one more second
 * of load so the last switch's aftermath is counted, then the load's line.
 */
async function scenario(
  strategy: string,
  name: string,
  rep: number,
  port: number,
  rollout: () => Promise<{ outcome: string; report?: RolloutReport | void }>,
): Promise<Row> {
  progress(`${strategy} / ${name} (rep ${rep})...`);
  const load = await startLoad(`http://127.0.0.1:${port}/`, rate);
  let outcome: string;
  let report: RolloutReport | void;
  let durationMs: number;
  const startedAt = Date.now();
  const started = performance.now();
  try {
    ({ outcome, report } = await rollout());
    durationMs = Math.round(performance.now() - started);
  } catch (error) {
    load.kill();
    throw error;
  }
  await new Promise((done) => setTimeout(done, 1000));
  const traffic: LoadResult = await load.stop();
  const steps = report && (report.strategy === 'blue-green' || report.strategy === 'canary') ? report.steps : [];
  const switched = steps.filter((step) => step.name.startsWith('switch')).at(-1);
  const drain = steps.filter((step) => step.name.startsWith('drain')).at(-1);
  const row: Row = {
    strategy,
    scenario: name,
    rep,
    outcome,
    requests: traffic.requests,
    failed: traffic.failed,
    failures: traffic.failures,
    longestGapMs: traffic.longestGapMs,
    durationMs,
    ...(name === 'rollback' && switched ? { rollbackMs: switched.finishedAt - startedAt } : {}),
    ...(drain ? { drainMs: drain.finishedAt - drain.startedAt } : {}),
    ...(steps.length > 0 ? { steps: steps.map((step) => `${step.name}: ${step.finishedAt - step.startedAt}`) } : {}),
    versions: traffic.versions,
    loadAverage: Number(loadavg()[0]!.toFixed(1)),
  };
  rows.push(row);
  if (values.json) process.stdout.write(`${JSON.stringify(row)}\n`);
  progress(`  ${outcome}: ${row.requests} requests, ${row.failed} failed, longest gap ${row.longestGapMs} ms`);
  if (row.steps) progress(`  steps (ms): ${row.steps.join(', ')}`);
  return row;
}

/**
 * What a deploy reported, whether it returned or threw: a failed or aborted blue-green or
 * canary throws a RolloutFailedError carrying the same report.
 */
async function deployReporting(
  target: DeployTarget,
  request: Parameters<DeployTarget['deploy']>[0],
): Promise<{ report?: RolloutReport | void; error?: Error }> {
  try {
    return { report: await target.deploy(request, quietLog) };
  } catch (thrown) {
    if (thrown instanceof RolloutFailedError) return { report: thrown.report, error: thrown };
    throw thrown;
  }
}

function printTable(): void {
  const header = [
    'strategy',
    'scenario',
    'rep',
    'outcome',
    'requests',
    'failed',
    'longest gap',
    'duration',
    'switch back',
    'drain wait',
    'load',
  ];
  const lines = rows.map((r) => [
    r.strategy,
    r.scenario,
    String(r.rep),
    r.outcome,
    String(r.requests),
    r.failed === 0
      ? '0'
      : `${r.failed} (${Object.entries(r.failures)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')})`,
    `${r.longestGapMs} ms`,
    `${(r.durationMs / 1000).toFixed(2)} s`,
    r.rollbackMs === undefined ? '' : `${(r.rollbackMs / 1000).toFixed(2)} s`,
    r.drainMs === undefined ? '' : `${(r.drainMs / 1000).toFixed(2)} s`,
    r.loadAverage.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(format(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const line of lines) console.log(format(line));
}

async function main(): Promise<void> {
  progress(
    `Node ${process.version}, ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  progress('starting registry, Podman, nginx, sshd, Prometheus...');
  stack = await startHostStack();
  metrics = await startMetricsApp({ canary: GOOD });
  prometheus = await startPrometheus([{ job: 'canary', target: metrics.target, metricsPath: '/metrics/canary' }]);
  const host: SshHost = {
    port: stack.sshd.port,
    user: stack.sshd.user,
    privateKey: stack.sshd.privateKey,
    knownHosts: stack.sshd.knownHosts,
  };
  const s = stack;
  progress('building and pushing the app images...');
  const tags = ['v1', ...Array.from({ length: reps }, (_, r) => [`r${r + 1}a`, `r${r + 1}b`, `r${r + 1}c`]).flat()];
  for (const tag of tags) await s.push(tag);

  // recreate: today's behaviour, the app's own fixed port is the public entry point.
  const recreateDir = mkdtempSync(join(tmpdir(), 'deploy-kit-bench-recreate-'));
  tempDirs.push(recreateDir);
  const appPort = await freePort();
  writeFileSync(
    join(recreateDir, 'compose.yml'),
    `services:\n  api:\n    image: \${API_IMAGE}\n    ports: ["127.0.0.1:${appPort}:8080"]\n`,
  );
  const recreate = (version: string) =>
    targetFromConfig(configText(host, recreateDir, ''), host, [
      healthOn(`http://127.0.0.1:${appPort}/api/health`, version),
    ]);

  const proxy = `proxy: { kind: nginx, runs: host, upstream: api, config-file: ${s.nginx.configFile} }`;
  const health = (version: string) => [healthOn(`http://127.0.0.1:${s.nginx.port}/api/health`, version)];
  const blueGreen = (version: string) =>
    targetFromConfig(
      configText(host, s.projectDir, ['    strategy:', '      kind: blue-green', `      ${proxy}`].join('\n')),
      host,
      health(version),
    );
  const canary = (version: string) =>
    targetFromConfig(
      configText(
        host,
        s.projectDir,
        [
          '    strategy:',
          '      kind: canary',
          `      ${proxy}`,
          '      steps: [10, 50, 100]',
          '      pause: 2s',
          '      failure-limit: 0',
          '      on-inconclusive: fail',
          '      analysis:',
          `        prometheus: ${prometheus!.url}`,
          '        selector: job="canary"',
          '        window: 15s',
          '        metrics: { error-ratio: { max: 1% } }',
          '        health: true',
        ].join('\n'),
      ),
      host,
      health(version),
    );

  // rolling: three hosts, each an sshd (own port and host key) with its own nginx and compose
  // project, all on the one Podman; a front nginx balances over the three hosts' nginx.
  for (const name of ['a', 'b', 'c']) {
    const nginx = await startHostNginx('api');
    const sshd = await startSshd({ env: { ...s.podman.env, PATH: `${nginx.binDir}:${SYSTEM_PATH}` } });
    const projectDir = mkdtempSync(join(tmpdir(), `deploy-kit-bench-rolling-${name}-`));
    tempDirs.push(projectDir);
    writeFileSync(
      join(projectDir, 'compose.yml'),
      'services:\n  api:\n    image: ${API_IMAGE}\n    ports: ["127.0.0.1::8080"]\n',
    );
    rollingHosts.push({ name, sshd, nginx, projectDir });
  }
  front = await startFrontNginx(rollingHosts.map((h) => h.nginx.port));
  const rolling = (version: string): DeployTarget =>
    new MultiHostTarget({
      hosts: rollingHosts.map((h) => ({
        name: h.name,
        target: new BlueGreenTarget({
          connection: {
            host: h.sshd.host,
            port: h.sshd.port,
            user: h.sshd.user,
            privateKey: h.sshd.privateKey,
            knownHosts: h.sshd.knownHosts,
            skipHostKeyCheck: false,
            connectTimeoutMs: 20_000,
          },
          project: { projectDir: h.projectDir, composeCommand: 'docker compose' },
          proxy: { kind: 'nginx', runs: { kind: 'host' }, upstream: 'api', configFile: h.nginx.configFile },
          commandTimeoutMs: 180_000,
          healthPath: '/api/health',
          healthTimeoutMs: 60_000,
          drainTimeoutMs: 30_000,
          keepMs: 3_600_000,
        }),
      })),
      plan: { kind: 'rolling', batch: { kind: 'count', hosts: 1 }, hooks: {} },
      // Each host is checked through its own nginx once it switched, before the next host starts.
      checkHost: (name, deploy, signal) => {
        const h = rollingHosts.find((r) => r.name === name)!;
        return hostHealthCheck([healthOn(`http://127.0.0.1:${h.nginx.port}/api/health`, version)], quietLog)(
          name,
          deploy,
          signal,
        );
      },
      hookTimeoutMs: 30_000,
    });

  progress('first deploys (v1 everywhere, not measured)...');
  await recreate('v1').deploy(s.request('v1'), quietLog);
  await waitServing(appPort, 'v1');
  await blueGreen('v1').deploy(s.request('v1'), quietLog);
  await waitServing(s.nginx.port, 'v1');
  await rolling('v1').deploy(s.request('v1'), quietLog);
  await waitServing(front.port, 'v1');

  let live = 'v1';
  for (let rep = 1; rep <= reps; rep += 1) {
    const [a, b, c] = [`r${rep}a`, `r${rep}b`, `r${rep}c`];

    await scenario('recreate', 'deploy', rep, appPort, async () => {
      await recreate(a).deploy(s.request(a), quietLog);
      await waitServing(appPort, a);
      return { outcome: `serving ${a}` };
    });

    const before = live;
    const deployTarget = blueGreen(a);
    await scenario('blue-green', 'deploy', rep, s.nginx.port, async () => {
      const report = await deployTarget.deploy(s.request(a), quietLog);
      live = a;
      return { outcome: `switched to ${a}`, report };
    });

    const rollbackTarget = blueGreen(before);
    await scenario('blue-green', 'rollback', rep, s.nginx.port, async () => {
      const report = await rollbackTarget.deploy(s.request(before), quietLog);
      live = before;
      return { outcome: `${report?.strategy === 'blue-green' ? report.outcome : 'done'} to ${before}`, report };
    });

    metrics.setTraffic('canary', GOOD);
    const promoted = canary(b);
    await scenario('canary', 'promoted', rep, s.nginx.port, async () => {
      const report = await promoted.deploy(s.request(b), quietLog);
      live = b;
      return { outcome: `promoted ${b}`, report };
    });

    // The canary's error ratio (Prometheus, from the metrics app standing in for its /metrics)
    // breaches 1% from the first step: the rollout must abort and the stable side keep serving.
    metrics.setTraffic('canary', BAD);
    const aborted = canary(c);
    await scenario('canary', 'aborted', rep, s.nginx.port, async () => {
      const { report, error } = await deployReporting(aborted, s.request(c));
      if (!error) {
        live = c;
        return { outcome: `NOT aborted: ${c} promoted`, report };
      }
      const step = /aborted at step (\d+)/.exec(error.message)?.[1];
      return {
        outcome: step ? `aborted at step ${step}, ${live} serving` : `failed: ${error.message.slice(0, 120)}`,
        report,
      };
    });
    metrics.setTraffic('canary', GOOD);

    await scenario('rolling', 'deploy (3 hosts)', rep, front.port, async () => {
      await rolling(a).deploy(s.request(a), quietLog);
      return { outcome: `3 hosts on ${a}` };
    });
  }

  if (!values.json) {
    console.log(
      `\nNode ${process.version}, ${cpus().length} cores, load average now ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}, ${rate} requests/s\n`,
    );
    printTable();
  }
}

try {
  await main();
} catch (error) {
  process.stderr.write(`rollout bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
} finally {
  progress('stopping the stack...');
  await cleanup();
}
