import { asNode, jobsOf, triggersOf, type YamlFile } from './files';

/**
 * The token rules: permissions are always declared at the top (so nothing
 * inherits the repository's default, which may be write-all); a reusable
 * workflow grants nothing at the top and each job asks for what it uses; and
 * secrets are passed by name, never all at once with `secrets: inherit`.
 */
export function findPermissionProblems(file: YamlFile): string[] {
  const findings: string[] = [];
  if (!('permissions' in file.doc))
    findings.push(`${file.path}: no top-level permissions (declare permissions: {} and grant per job)`);
  const reusable = triggersOf(file).includes('workflow_call');
  if (reusable) {
    const top = file.doc.permissions;
    if (!(top && typeof top === 'object' && Object.keys(top).length === 0)) {
      findings.push(`${file.path}: a reusable workflow must have top-level permissions: {} (grant per job)`);
    }
    for (const { id, job } of jobsOf(file)) {
      if (!('permissions' in job) && !('uses' in job)) findings.push(`${file.path}: job ${id} declares no permissions`);
    }
  }
  for (const { id, job } of jobsOf(file)) {
    if (job.secrets === 'inherit') findings.push(`${file.path}: job ${id} uses secrets: inherit (name each secret)`);
  }
  return findings;
}

function concurrencyOf(value: unknown): { group: string; cancel: unknown } | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return { group: value, cancel: false };
  const node = asNode(value);
  return { group: String(node.group ?? ''), cancel: node['cancel-in-progress'] ?? false };
}

/**
 * Deploys to one environment must queue, never overlap or be cancelled half
 * way: every job with an `environment:` is in a concurrency group built from
 * that environment, with cancel-in-progress false. And no group is built from
 * github.workflow, which in a called workflow is the caller's name.
 */
export function findConcurrencyProblems(file: YamlFile): string[] {
  const findings: string[] = [];
  const top = concurrencyOf(file.doc.concurrency);
  if (top && /github\.workflow\b/.test(top.group))
    findings.push(`${file.path}: concurrency group uses github.workflow`);
  for (const { id, job } of jobsOf(file)) {
    const own = concurrencyOf(job.concurrency);
    if (own && /github\.workflow\b/.test(own.group))
      findings.push(`${file.path}: job ${id} concurrency group uses github.workflow`);
    if (job.environment === undefined) continue;
    const environment =
      typeof job.environment === 'string' ? job.environment : String(asNode(job.environment).name ?? '');
    const name = /\$\{\{\s*([\s\S]*?)\s*\}\}/.exec(environment)?.[1] ?? environment;
    const group = own ?? top;
    if (!group) {
      findings.push(`${file.path}: job ${id} deploys to an environment without a concurrency group`);
      continue;
    }
    if (!group.group.replace(/\s+/g, '').includes(name.replace(/\s+/g, ''))) {
      findings.push(
        `${file.path}: job ${id}'s concurrency group "${group.group}" is not per environment (${environment})`,
      );
    }
    if (group.cancel !== false)
      findings.push(`${file.path}: job ${id}'s concurrency must have cancel-in-progress: false`);
  }
  return findings;
}

/**
 * pre-deploy-check judges the environment as it is (the version running, a
 * deploy in progress, freeze windows): run before the concurrency group's
 * queue, an older release waiting behind a newer one would pass and then
 * downgrade the environment. So it must run in a job that holds the
 * environment's group, the same job that deploys.
 */
export function findChecksOutsideLock(file: YamlFile): string[] {
  const findings: string[] = [];
  for (const { id, job, steps } of jobsOf(file)) {
    const checks = steps.filter((step) => typeof step.uses === 'string' && /\/pre-deploy-check@/.test(step.uses));
    if (!checks.length) continue;
    const group = concurrencyOf(job.concurrency) ?? concurrencyOf(file.doc.concurrency);
    if (job.environment === undefined || !group)
      findings.push(`${file.path}: job ${id} runs pre-deploy-check outside the environment's concurrency group`);
  }
  return findings;
}
