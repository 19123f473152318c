import { UserError } from '@deploy-kit/action-kit';
import { renderStepTable, type CanaryOutcome, type CanaryStepResult } from '@deploy-kit/rollout';
import { RolloutFailedError } from '../multi-host/rollout-failed-error';

/** One step of a blue-green or canary deploy on a host, with its times (ms since the epoch). */
export interface RolloutStep {
  name: string;
  startedAt: number;
  finishedAt: number;
  /** e.g. `green on 127.0.0.1:41235`, or why it failed. */
  detail?: string;
  ok: boolean;
}

/** What every deploy on one host behind its proxy reports: the host, the colour live at the end, each step. */
interface ProxyStepsReport {
  host: string;
  /** The colour taking the traffic when the deploy ended. */
  live?: string;
  steps: RolloutStep[];
}

/**
 * What a blue-green deploy did, for the job summary, the ledger and notifications.
 * - `switched`: the new release was started, checked and now takes the traffic;
 * - `switched-back`: the requested release was still kept beside the live one: a proxy switch
 *   only (a rollback: no pull, no start);
 * - `already-live`: it was taking the traffic already (a re-run converged);
 * - `failed`: the deploy stopped; the release that was live keeps the traffic.
 */
export interface BlueGreenReport extends ProxyStepsReport {
  strategy: 'blue-green';
  outcome: 'switched' | 'switched-back' | 'already-live' | 'failed';
}

/**
 * What a canary did. `canary` holds every weight step with its analysis (absent when it never
 * got to the weights: the first release on a host is switched in whole, or the canary failed
 * to start).
 * - `switched`: no release was live yet, so the first one was switched in whole (blue-green);
 * - `promoted`: every step passed, the canary takes all the traffic;
 * - `aborted`: a step failed (Argo Rollouts' rules): weight back to 0, canary stopped;
 * - `failed`: the deploy stopped before the weights (start, health); the stable release serves.
 */
export interface CanaryReport extends ProxyStepsReport {
  strategy: 'canary';
  outcome: 'switched' | 'promoted' | 'aborted' | 'failed';
  canary?: CanaryOutcome;
}

/**
 * What a deploy on one host behind its proxy did, step by step, tagged by `strategy` (blue-green
 * or canary). One variant of the targets' RolloutReport (types.ts), the union of every way a
 * deploy reports its steps.
 */
export type ProxyRolloutReport = BlueGreenReport | CanaryReport;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function heading(report: ProxyRolloutReport): string {
  return `**${report.strategy}** on ${report.host}: ${report.outcome}${report.live ? ` (live: ${report.live})` : ''}`;
}

/** The host steps as a Markdown table (what ran on the host and the proxy, with times). */
function hostStepsTable(steps: RolloutStep[]): string[] {
  const rows = steps.map(
    (step) =>
      `| ${step.ok ? '✅' : '❌'} ${step.name} | ${(step.detail ?? '').replace(/\|/g, '\\|')} | ${new Date(step.startedAt).toISOString().slice(11, 19)} | ${seconds(step.finishedAt - step.startedAt)} |`,
  );
  return ['| Step | Detail | Started (UTC) | Took |', '| ---- | ------ | ------------- | ---- |', ...rows];
}

/** A blue-green deploy as Markdown for the job summary: its outcome, then each step with its times. */
export function renderBlueGreenReport(report: BlueGreenReport): string {
  return `${[heading(report), '', ...hostStepsTable(report.steps)].join('\n')}\n`;
}

/**
 * A canary as Markdown for the job summary: its outcome, the weight steps with their analysis
 * (packages/rollout's step table), then the host steps around them.
 */
export function renderCanaryReport(report: CanaryReport): string {
  const lines = [heading(report)];
  if (report.canary?.outcome === 'aborted')
    lines.push('', `Aborted at step ${report.canary.atStep}: ${report.canary.reason}`);
  if (report.canary) lines.push('', renderStepTable(report.canary.steps).trimEnd());
  lines.push('', ...hostStepsTable(report.steps));
  return `${lines.join('\n')}\n`;
}

/** The Markdown for a blue-green or canary report (the job summary's step table). */
export function renderRolloutReport(report: ProxyRolloutReport): string {
  switch (report.strategy) {
    case 'blue-green':
      return renderBlueGreenReport(report);
    case 'canary':
      return renderCanaryReport(report);
  }
}

const BLUE_GREEN_ENDING: Record<BlueGreenReport['outcome'], string> = {
  switched: 'switched',
  'switched-back': 'switched back (kept release, no pull, no start)',
  'already-live': 'already live',
  failed: 'failed',
};

/** Where a failed deploy stopped: the first failed step and why, e.g. `✗ health check green on its own port (never answered 2xx)`. */
function failedStep(steps: RolloutStep[]): string {
  const failed = steps.find((step) => !step.ok);
  return failed ? `, ✗ ${failed.name}${failed.detail ? ` (${failed.detail})` : ''}` : '';
}

/** One line for notifications, e.g. `Blue-green on app1: switched, green live.` */
export function blueGreenLine(report: BlueGreenReport): string {
  const live = report.live ? `, ${report.live} live` : '';
  const stopped = report.outcome === 'failed' ? failedStep(report.steps) : '';
  return `Blue-green on ${report.host}: ${BLUE_GREEN_ENDING[report.outcome]}${stopped}${live}.`;
}

/** One canary step in a line: `10% ✓`, `50% ✗ error-ratio 0.5 > 0.01`, `100% ? no data`. */
function canaryStepText(step: CanaryStepResult): string {
  if (step.kind === 'error') return `${step.weight}% ✗ ${step.error}`;
  const { analysis } = step;
  switch (analysis.kind) {
    case 'success':
      return `${step.weight}% ✓`;
    case 'failure': {
      const failed = analysis.measurements
        .filter((m) => m.kind === 'failure')
        .map((m) =>
          m.kind === 'failure' && m.value !== undefined
            ? `${m.metric} ${round(m.value)} > ${m.threshold}`
            : `${m.metric}${m.kind === 'failure' ? ` ${m.reason}` : ''}`,
        );
      return `${step.weight}% ✗${failed.length > 0 ? ` ${failed.join(', ')}` : ''}`;
    }
    case 'inconclusive':
      return `${step.weight}% ? no data`;
  }
}

function round(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(4))) : String(value);
}

/** One line for notifications, e.g. `Canary on app1: 10% ✓, 50% ✗ error-ratio 0.5 > 0.01, aborted.` */
export function canaryLine(report: CanaryReport): string {
  const weights = report.canary?.steps.map(canaryStepText) ?? [];
  const ending =
    report.outcome === 'switched'
      ? 'first release switched in whole'
      : report.outcome === 'failed'
        ? `failed${failedStep(report.steps)}`
        : report.outcome;
  const restore =
    report.canary?.outcome === 'aborted' && report.canary.restore.kind === 'restore-failed'
      ? ' (taking the canary out failed)'
      : '';
  return `Canary on ${report.host}: ${[...weights, ending].join(', ')}${restore}.`;
}

/** One line for notifications for a blue-green or canary report. */
export function proxyRolloutLine(report: ProxyRolloutReport): string {
  switch (report.strategy) {
    case 'blue-green':
      return blueGreenLine(report);
    case 'canary':
      return canaryLine(report);
  }
}

/** Records the steps of one deploy as they run. */
export class StepRecorder {
  readonly steps: RolloutStep[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Runs one step; a failure is recorded with its message and rethrown. `ok` tells a result that
   * is a failed step (a health check that never passed) from a good one; default: every result.
   */
  async run<T>(
    name: string,
    work: () => Promise<T>,
    detail?: (result: T) => string,
    ok: (result: T) => boolean = () => true,
  ): Promise<T> {
    const startedAt = this.now();
    try {
      const result = await work();
      this.steps.push({
        name,
        startedAt,
        finishedAt: this.now(),
        ok: ok(result),
        ...(detail ? { detail: detail(result) } : {}),
      });
      return result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.steps.push({ name, startedAt, finishedAt: this.now(), ok: false, detail: message });
      throw error;
    }
  }
}

/**
 * What a failed blue-green or canary deploy throws. A user-facing failure (a UserError: a host
 * that never became healthy, nginx refusing the file, a canary aborted) keeps its message and
 * becomes the cause of a RolloutFailedError carrying the report, so the engine shows the steps
 * even though the deploy threw, as for a rollout over several hosts. Anything else (a bug) is
 * rethrown unchanged, stack and all.
 */
export function withReport(error: unknown, report: ProxyRolloutReport): unknown {
  if (!(error instanceof UserError)) return error;
  // A blue-green deploy inside a canary (its first release) already carried its own report.
  const cause = error instanceof RolloutFailedError && error.cause instanceof UserError ? error.cause : error;
  const failure = new RolloutFailedError(error.message, report);
  failure.cause = cause;
  return failure;
}
