import { asNode, jobsOf, type YamlFile } from './files';

/**
 * A cache is written by whatever ran in any job of the repository, pull requests
 * included. Restoring one in a job whose token can write (push tags, publish a
 * release or a package) lets code planted in the cache act with that token: cache
 * poisoning. Such jobs install from the lockfile without a cache.
 */

/** Does the job's token have any write scope? Undeclared permissions may be the repository's write default. */
function writeScopes(job: Record<string, unknown>, file: YamlFile): string[] {
  const declared = job.permissions ?? file.doc.permissions;
  if (declared === undefined) return ['the default token (no permissions declared)'];
  if (declared === 'write-all') return ['write-all'];
  return Object.entries(asNode(declared))
    .filter(([, level]) => level === 'write')
    .map(([scope]) => `${scope}: write`);
}

/** Why a step restores a cache, or undefined when it does not. */
function restoresCache(step: Record<string, unknown>): string | undefined {
  const uses = String(step.uses ?? '');
  const action = uses.split('@')[0] ?? '';
  const inputs = asNode(step.with);
  const on = (value: unknown): boolean => value !== undefined && value !== '' && String(value) !== 'false';
  if (action === 'actions/cache' || action === 'actions/cache/restore') return `${action} restores a cache`;
  // setup-go restores its module cache unless told not to.
  if (action === 'actions/setup-go' && String(inputs.cache) !== 'false')
    return 'actions/setup-go restores a cache (cache defaults to true)';
  if (/^actions\/setup-/.test(action) && on(inputs.cache)) return `${action} with cache: ${String(inputs.cache)}`;
  if (action === 'actions/setup-node' && String(inputs['package-manager-cache']) === 'true')
    return 'actions/setup-node with package-manager-cache: true';
  if (action === 'ruby/setup-ruby' && on(inputs['bundler-cache'])) return 'ruby/setup-ruby with bundler-cache';
  return undefined;
}

export function findCacheInWriteJobs(file: YamlFile): string[] {
  const findings: string[] = [];
  for (const { id, job, steps } of jobsOf(file)) {
    if (job.uses !== undefined) continue; // a called workflow's jobs are checked in its own file
    const writes = writeScopes(job, file);
    if (writes.length === 0) continue;
    steps.forEach((step, index) => {
      const why = restoresCache(step);
      if (!why) return;
      const name = String(step.name ?? step.id ?? `step ${index + 1}`);
      findings.push(
        `${file.path}: job ${id}, ${name}: ${why} in a job granted ${writes.join(', ')}; install without a cache there`,
      );
    });
  }
  return findings;
}
