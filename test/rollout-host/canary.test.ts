// A canary on one ssh-compose host behind a real nginx (the host's own, `runs: host`), with
// Podman, a real sshd and a registry; the analysis queries Debian's real Prometheus. The
// Prometheus series come from test/rollout's metrics app (a node:http /metrics endpoint whose
// counters the test sets), standing in for the canary's own metrics: the busybox app image has
// no /metrics. The canary's health is checked on the host, on the canary's own port, for real.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import {
  defaultErrorRatioQuery,
  queryPrometheus,
  systemClock,
  DEFAULT_PROMETHEUS_RETRY,
  type Clock,
  type PrometheusClientOptions,
} from '@deploy-kit/rollout';
import {
  BlueGreenTarget,
  CanaryTarget,
  RolloutFailedError,
  renderRolloutReport,
  rolloutLine,
  rolloutMarkdown,
} from '@deploy-kit/targets';
import { runRelease, type ReleaseProgress, type ReleaseTask } from '@deploy-kit/engine';
import { createGitHubClient } from '@deploy-kit/github';
import { DeploymentLedger } from '@deploy-kit/ledger';
import { startFakeGitHub, type FakeGitHub } from '../github-api';
import { runCommand } from '../infra';
import { waitUntil } from '../infra/processes';
import { startMetricsApp, type MetricsApp } from '../rollout/metrics-app';
import { startPrometheus, type Prometheus } from '../rollout/prometheus';
import { startRequestLoop } from './request-loop';
import { startHostStack, type HostStack } from './stack';

const log = {
  info: () => undefined,
  warning: () => undefined,
  group: <T>(_: string, work: () => Promise<T>) => work(),
};
const GOOD = { requests: 100, errors: 0, latencySeconds: 0.02 };
const BAD = { requests: 100, errors: 50, latencySeconds: 0.02 };

let stack: HostStack;
let app: MetricsApp;
let prometheus: Prometheus;
let client: PrometheusClientOptions;
let github: FakeGitHub;

beforeAll(async () => {
  [stack, app, github] = await Promise.all([startHostStack(), startMetricsApp({ canary: GOOD }), startFakeGitHub()]);
  prometheus = await startPrometheus([{ job: 'canary', target: app.target, metricsPath: '/metrics/canary' }]);
  client = { url: prometheus.url, timeoutMs: 5000, retry: DEFAULT_PROMETHEUS_RETRY };
  for (const tag of ['v1', 'v2', 'v3']) await stack.push(tag);
  // The stable release, switched in by blue-green.
  await new BlueGreenTarget({ ...stack.hostOptions(), drainTimeoutMs: 30_000, keepMs: 3_600_000 }).deploy(
    stack.request('v1'),
    log,
  );
}, 600_000);

afterAll(async () => {
  await github?.stop();
  await prometheus?.stop();
  await app?.stop();
  await stack?.stop();
}, 300_000);

async function lastScrapeMs(): Promise<number> {
  const answer = await queryPrometheus(client, 'max(timestamp(up{job="canary"}))', { clock: systemClock });
  if (answer.kind !== 'ok' || answer.result.kind !== 'vector') return 0;
  return (answer.result.samples[0]?.value ?? 0) * 1000;
}

/**
 * The canary's pause, made deterministic: the pause itself, then until Prometheus holds two
 * scrapes taken after it began (a rate needs two). `onPause(n)` runs as the n-th pause starts.
 */
function scrapeClock(onPause: (n: number) => unknown): Clock {
  let pauses = 0;
  return {
    now: () => Date.now(),
    async sleep(ms, signal) {
      pauses += 1;
      await onPause(pauses);
      const since = Date.now();
      await systemClock.sleep(ms, signal);
      let first = 0;
      await waitUntil(
        async () => {
          const last = await lastScrapeMs();
          if (last > since && first === 0) first = last;
          return first !== 0 && last > first;
        },
        { what: 'two scrapes after the weight changed', timeoutMs: 60_000, intervalMs: 200 },
      );
    },
  };
}

function canary(clock: Clock): CanaryTarget {
  return new CanaryTarget({
    ...stack.hostOptions(),
    plan: { steps: [10, 50, 100], pauseMs: 500 },
    analysis: {
      prometheus: client,
      metrics: [{ name: 'error-ratio', query: defaultErrorRatioQuery('job="canary"', '15s'), max: 0.01 }],
      count: 1,
      intervalMs: 0,
      failureLimit: 0,
      onInconclusive: 'fail',
    },
    healthInAnalysis: true,
    drainTimeoutMs: 30_000,
    keepMs: 3_600_000,
    clock,
  });
}

/** The upstream file after each weight change, as nginx was given it. */
function upstreamFile(): string {
  return readFileSync(stack.nginx.configFile, 'utf8');
}

describe('canary through nginx on one ssh-compose host', () => {
  it('promotes v2 through 10%, 50%, 100%: each step analysed, 0 failed requests, each step an in_progress status', async () => {
    app.setTraffic('canary', GOOD);
    const seen: string[] = [];
    const ledgerLog: string[] = [];
    // Each pause also waits until GitHub has the status before it (the start's, then each step's),
    // so every step's status is checked, whatever the machine's speed.
    const inProgressTaken = () => ledgerLog.filter((line) => /^Deployment \d+: in_progress$/.test(line)).length;
    const target = canary(
      scrapeClock(async (n) => {
        seen.push(upstreamFile().split('\n')[0]!);
        await waitUntil(async () => inProgressTaken() >= n, {
          what: `${n} in_progress status(es)`,
          timeoutMs: 120_000,
          intervalMs: 20,
        });
      }),
    );
    const loop = startRequestLoop(stack.nginx.port);
    const request = stack.request('v2');
    const task: ReleaseTask = {
      kind: 'deploy',
      intent: async () => ({
        kind: 'release',
        request,
        sha: 'ffac537e6cbbf934b08745a378932722df287a53',
        description: 'Deploy v2',
      }),
    };
    const ledger = new DeploymentLedger(
      createGitHubClient('ghs_test', { baseUrl: github.url }),
      { owner: 'octo-org', repo: 'hello-world' },
      { log: (line) => ledgerLog.push(line) },
    );
    const progress: ReleaseProgress = {};
    await runRelease(task, { target, ledger, environment: 'production', services: request.services, log }, progress);
    await ledger.flush();
    const report = progress.rollout;
    if (report?.strategy !== 'canary') throw new Error('expected a canary report');
    expect(
      github.requests
        .filter((r) => r.operationId === 'repos/create-deployment-status')
        .map((r) => `${(r.body as { state: string }).state}: ${(r.body as { description: string }).description}`),
    ).toEqual([
      'in_progress: Deploy v2',
      'in_progress: Deploy v2: canary 127.0.0.1: 10% (step 1 of 3), analysis passed',
      'in_progress: Deploy v2: canary 127.0.0.1: 50% (step 2 of 3), analysis passed',
      'in_progress: Deploy v2: canary 127.0.0.1: 100% (step 3 of 3), analysis passed',
      expect.stringMatching(/^success: Deploy v2: live; canary 127\.0\.0\.1: 10%:ok 50%:ok 100%:ok promoted/),
    ]);
    expect(github.validationErrors).toEqual([]);
    const result = await loop.stop();
    expect(result.failures).toEqual([]);
    expect(result.versions).toContain('v2');
    expect(seen).toEqual([
      '# deploy-kit: live=blue canary=green@10',
      '# deploy-kit: live=blue canary=green@50',
      '# deploy-kit: live=blue canary=green@100',
    ]);
    expect(report).toMatchObject({ strategy: 'canary', outcome: 'promoted', live: 'green' });
    expect(
      report.canary?.steps.map((s) => (s.kind === 'analysed' ? `${s.weight}:${s.analysis.kind}` : s.kind)),
    ).toEqual(['10:success', '50:success', '100:success']);
    expect(renderRolloutReport(report)).toMatch(/\| 2 \| 50% \| ✅ passed \| error-ratio 0 ≤ 0\.01 ✅<br>health ✅/);
    expect(upstreamFile()).toMatch(/^# deploy-kit: live=green\n/);
    expect(await stack.served()).toBe('200 v2');
  }, 600_000);

  it('a metric breach at step 2 aborts: weight back to 0, canary stopped, the stable side saw 0 failed requests', async () => {
    app.setTraffic('canary', GOOD);
    // The new release fails half its requests once it takes 50% of the traffic.
    const target = canary(scrapeClock((n) => n === 2 && app.setTraffic('canary', BAD)));
    const loop = startRequestLoop(stack.nginx.port);
    const error = await target.deploy(stack.request('v3'), log).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(RolloutFailedError);
    expect((error as Error).message).toMatch(
      /^Canary v3 aborted at step 2 \(analysis-failed\): .*error-ratio.*; the weight is back to 0 and the canary is stopped; v2 keeps the traffic$/,
    );
    const result = await loop.stop();
    expect(result.failures).toEqual([]);
    expect(upstreamFile()).toMatch(/^# deploy-kit: live=green\n/);
    expect(await stack.served()).toBe('200 v2');
    // The error carries every step, for the summary and the notification.
    const { report } = error as RolloutFailedError;
    expect(rolloutLine(report)).toMatch(/^Canary on 127\.0\.0\.1: 10% ✓, 50% ✗ error-ratio [\d.]+ > 0\.01, aborted\.$/);
    expect(rolloutMarkdown(report)).toMatch(/\| 2 \| 50% \| ❌ failed \| error-ratio [\d.]+ > 0\.01 ❌/);
    expect(report).toMatchObject({
      strategy: 'canary',
      outcome: 'aborted',
      canary: { outcome: 'aborted', atStep: 2, restore: { kind: 'restored' } },
    });
    // The canary's containers are gone from the host.
    const ps = await runCommand(
      'docker',
      ['ps', '-a', '-q', '--filter', `label=com.docker.compose.project=${stack.colourProject('blue')}`],
      { env: { ...process.env, ...stack.podman.env }, timeoutMs: 30_000 },
    );
    expect(ps.stdout.trim()).toBe('');
  }, 600_000);
});
