/**
 * Whether a URL points into this workflow run (`…/actions/runs/RUN` or
 * `…/actions/runs/RUN/job/JOB`): GitHub links its own deployment records and
 * check runs for a run's jobs this way. Run ids are unique across GitHub.
 */
export function isThisRunUrl(url: string | null | undefined, runId: string): boolean {
  if (!url || !runId) return false;
  return new RegExp(`/actions/runs/${runId.replace(/\D/g, '')}(?:[/?#]|$)`).test(url);
}
