import type { Measurement } from '../analysis/measurement';
import { clockTime, duration, table } from '../markdown';
import type { CanaryStepResult } from './types';

/** One measurement in a cell, e.g. `error-ratio 0.002 ≤ 0.01 ✅` or `p95-latency no data ⚠️`. */
export function formatMeasurement(m: Measurement): string {
  const limit = m.threshold === undefined ? '' : ` (max ${m.threshold})`;
  switch (m.kind) {
    case 'success':
      return m.value === undefined ? `${m.metric} ✅` : `${m.metric} ${round(m.value)} ≤ ${m.threshold} ✅`;
    case 'failure':
      return m.value === undefined ? `${m.metric} ❌ ${m.reason}` : `${m.metric} ${round(m.value)} > ${m.threshold} ❌`;
    case 'inconclusive':
      return `${m.metric} no data${limit} ⚠️`;
  }
}

function round(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(4))) : String(value);
}

const VERDICT = { success: '✅ passed', failure: '❌ failed', inconclusive: '⚠️ inconclusive' } as const;

/**
 * The canary's steps as a Markdown table for the job summary: weight, verdict, the
 * measurements, and when each step ran.
 */
export function renderStepTable(steps: CanaryStepResult[]): string {
  const rows = steps.map((step) => {
    const verdict =
      step.kind === 'error'
        ? `❌ error: ${step.error}`
        : `${VERDICT[step.analysis.kind]}${step.analysis.kind === 'inconclusive' ? (step.analysis.decision === 'continue' ? ', promoted' : ', aborted') : ''}`;
    const measurements = step.kind === 'analysed' ? step.analysis.measurements.map(formatMeasurement).join('<br>') : '';
    return [
      String(step.index),
      `${step.weight}%`,
      verdict,
      measurements,
      clockTime(step.startedAt),
      duration(step.finishedAt - step.startedAt),
    ];
  });
  return table(['Step', 'Weight', 'Analysis', 'Measurements', 'Started (UTC)', 'Took'], rows);
}
