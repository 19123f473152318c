import { isThisRunUrl } from './this-run';
import { oneLine, type CheckContext, type CheckResult } from '../types';

/**
 * No other deployment of the environment may be running. Deployments from this
 * very run are left out: a job with `environment:` gets one from GitHub, whose
 * status links to this run.
 */
export async function checkInProgress({ inputs, ledger, run }: CheckContext): Promise<CheckResult> {
  const check = 'no deployment in progress';
  try {
    const running = await ledger.inProgress(inputs.environment);
    const others = running.filter((record) => !isThisRunUrl(record.logUrl, run.runId));
    if (others.length === 0)
      return { check, outcome: 'passed', detail: `nothing in progress on ${inputs.environment}` };
    const list = others.map(
      (r) =>
        `#${r.id} (${r.payload.version || r.sha.slice(0, 7)}, ${r.state} since ${r.createdAt}${r.logUrl ? `, ${r.logUrl}` : ''})`,
    );
    return { check, outcome: 'failed', detail: `in progress on ${inputs.environment}: ${list.join('; ')}` };
  } catch (error) {
    return { check, outcome: 'failed', detail: `could not list deployments: ${oneLine(error)}` };
  }
}
