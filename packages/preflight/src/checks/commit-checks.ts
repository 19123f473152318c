import { isThisRunUrl } from './this-run';
import { oneLine, type CheckContext, type CheckResult } from '../types';

const GOOD_CONCLUSIONS = new Set(['success', 'neutral', 'skipped']);

/**
 * With `require-checks: true`, the commit's combined status and its check runs
 * must be green. This run's own check runs (still in progress, by definition)
 * and those named in `ignore-checks` are left out.
 */
export async function checkCommitChecks({ inputs, octokit, repo, sha, run }: CheckContext): Promise<CheckResult> {
  const check = 'commit checks';
  if (!inputs['require-checks']) return { check, outcome: 'skipped', detail: '`require-checks` is false' };
  if (!sha)
    return { check, outcome: 'failed', detail: 'no commit to check (set `sha`, or run where GITHUB_SHA is set)' };
  const ignored = new Set(inputs['ignore-checks']);
  try {
    const { data: combined } = await octokit.rest.repos.getCombinedStatusForRef({ ...repo, ref: sha, per_page: 100 });
    const runs = await octokit.paginate(octokit.rest.checks.listForRef, {
      ...repo,
      ref: sha,
      per_page: 100,
      filter: 'latest',
    });
    const problems: string[] = [];
    for (const status of combined.statuses) {
      if (ignored.has(status.context) || status.state === 'success') continue;
      problems.push(`${status.context} is ${status.state}`);
    }
    let counted = combined.statuses.length;
    for (const checkRun of runs) {
      if (
        ignored.has(checkRun.name) ||
        [checkRun.details_url, checkRun.html_url].some((url) => isThisRunUrl(url, run.runId))
      )
        continue;
      counted++;
      if (checkRun.status !== 'completed') problems.push(`${checkRun.name} is ${checkRun.status.replace('_', ' ')}`);
      else if (!GOOD_CONCLUSIONS.has(checkRun.conclusion ?? ''))
        problems.push(`${checkRun.name} ${checkRun.conclusion ?? 'has no conclusion'}`);
    }
    const short = sha.slice(0, 7);
    if (problems.length > 0) return { check, outcome: 'failed', detail: `commit ${short}: ${problems.join(', ')}` };
    return {
      check,
      outcome: 'passed',
      detail: counted === 0 ? `commit ${short} has no statuses or check runs` : `commit ${short}: ${counted} green`,
    };
  } catch (error) {
    return { check, outcome: 'failed', detail: `could not read the commit's checks: ${oneLine(error)}` };
  }
}
