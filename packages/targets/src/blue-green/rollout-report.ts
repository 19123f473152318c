import { renderStepTable, type CanaryOutcome } from '@deploy-kit/rollout';

/** One step of a blue-green or canary deploy on a host, with its times (ms since the epoch). */
export interface RolloutStep {
  name: string;
  startedAt: number;
  finishedAt: number;
  /** e.g. `green on 127.0.0.1:41235`, or why it failed. */
  detail?: string;
  ok: boolean;
}

/**
 * What a blue-green or canary deploy did, for the job summary, the ledger and notifications.
 * - `switched`: the new release was started, checked and now takes the traffic;
 * - `switched-back`: the requested release was still kept beside the live one: a proxy switch
 *   only (a rollback: no pull, no start);
 * - `already-live`: it was taking the traffic already (a re-run converged);
 * - `promoted` / `aborted`: a canary's ending (`canary` holds every step);
 * - `failed`: the deploy stopped; the release that was live keeps the traffic.
 */
export interface RolloutReport {
  strategy: 'blue-green' | 'canary';
  host: string;
  outcome: 'switched' | 'switched-back' | 'already-live' | 'promoted' | 'aborted' | 'failed';
  /** The colour taking the traffic when the deploy ended. */
  live?: string;
  steps: RolloutStep[];
  canary?: CanaryOutcome;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The Markdown table of the steps (and the canary's own step table), for the job summary. */
export function renderRolloutReport(report: RolloutReport): string {
  const rows = report.steps.map(
    (step) =>
      `| ${step.ok ? '✅' : '❌'} ${step.name} | ${(step.detail ?? '').replace(/\|/g, '\\|')} | ${new Date(step.startedAt).toISOString().slice(11, 19)} | ${seconds(step.finishedAt - step.startedAt)} |`,
  );
  const lines = [
    `**${report.strategy}** on ${report.host}: ${report.outcome}${report.live ? ` (live: ${report.live})` : ''}`,
    '',
    '| Step | Detail | Started (UTC) | Took |',
    '| ---- | ------ | ------------- | ---- |',
    ...rows,
  ];
  if (report.canary) lines.push('', renderStepTable(report.canary.steps));
  return `${lines.join('\n')}\n`;
}

/** Records the steps of one deploy as they run. */
export class StepRecorder {
  readonly steps: RolloutStep[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Runs one step; a failure is recorded with its message and rethrown. */
  async run<T>(name: string, work: () => Promise<T>, detail?: (result: T) => string): Promise<T> {
    const startedAt = this.now();
    try {
      const result = await work();
      this.steps.push({
        name,
        startedAt,
        finishedAt: this.now(),
        ok: true,
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
