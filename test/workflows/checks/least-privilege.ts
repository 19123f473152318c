import { asNode, jobsOf, type YamlFile } from './files';

type Scopes = Record<string, 'read' | 'write'>;

/**
 * Every job's token, written down once: what each job of each workflow may be
 * granted and why. A job asking for more (a scope not listed, write where read
 * is enough, or write-all/read-all) fails, and so does a job not in the table.
 */
export const ALLOWED_PERMISSIONS: Record<string, Record<string, Scopes>> = {
  '.github/workflows/release.yml': {
    plan: { contents: 'read' }, // check out the config file for the plan action
    // In the environment, so its secrets are checked before the build: check out and push the
    // image(s); pre-deploy-check (environment protection, ledger, commit checks) and the deploy record
    deploy: {
      actions: 'read',
      contents: 'read',
      deployments: 'write',
      packages: 'write',
      statuses: 'read',
      checks: 'read',
    },
    notify: {},
  },
  '.github/workflows/deploy.yml': {
    plan: { contents: 'read' }, // check out the config file for the plan action
    // + contents: read for the secrets check, which reads the config file
    deploy: {
      actions: 'read',
      contents: 'read',
      deployments: 'write',
      packages: 'read',
      statuses: 'read',
      checks: 'read',
    },
    notify: {},
  },
  '.github/workflows/rollback.yml': {
    plan: { contents: 'read' }, // check out the config file for the plan action
    rollback: { contents: 'read', deployments: 'write', packages: 'read' }, // + the secrets check reads the file
    notify: {},
  },
  '.github/workflows/ci.yml': {
    test: { contents: 'read' },
    'check-dist': { contents: 'read' },
    kubernetes: { contents: 'read' }, // check out, then talk only to its own kind cluster
  },
  '.github/workflows/release-toolkit.yml': {
    release: { contents: 'write', actions: 'read' }, // push tags, create the release; find the CI run
  },
};

const LEVEL = { none: 0, read: 1, write: 2 } as const;

/** A job's `permissions:` as scope -> level; a string (write-all, read-all) is returned as is. */
export function permissionsOf(job: Record<string, unknown>): Scopes | string | undefined {
  const value = job.permissions;
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  const scopes: Scopes = {};
  for (const [scope, level] of Object.entries(asNode(value))) {
    if (level === 'read' || level === 'write') scopes[scope] = level;
  }
  return scopes;
}

/** Jobs of `file` granted more than `allowed` lists for them (or not listed at all). */
export function findExcessPermissions(file: YamlFile, allowed: Record<string, Scopes> | undefined): string[] {
  if (!allowed) return [`${file.path}: no least-privilege table entry (add it to ALLOWED_PERMISSIONS)`];
  const findings: string[] = [];
  for (const { id, job } of jobsOf(file)) {
    const limit = allowed[id];
    if (!limit) {
      findings.push(`${file.path}: job ${id} has no least-privilege table entry`);
      continue;
    }
    const granted = permissionsOf(job);
    if (typeof granted === 'string') {
      findings.push(`${file.path}: job ${id} is granted ${granted}; list each scope it uses`);
      continue;
    }
    for (const [scope, level] of Object.entries(granted ?? {})) {
      const most = limit[scope];
      if (!most) findings.push(`${file.path}: job ${id} is granted ${scope}: ${level}, which it does not use`);
      else if (LEVEL[level] > LEVEL[most])
        findings.push(`${file.path}: job ${id} is granted ${scope}: ${level}; ${most} is enough`);
    }
  }
  return findings;
}

/**
 * A caller's job grants the ceiling for the workflow it calls: a called job
 * asking for more than that fails to start on GitHub. Every scope any called
 * job asks for must be granted by the caller at least at that level.
 */
export function findUncoveredPermissions(caller: YamlFile, callees: (uses: string) => YamlFile | undefined): string[] {
  const findings: string[] = [];
  for (const { id, job } of jobsOf(caller)) {
    if (typeof job.uses !== 'string') continue;
    const called = callees(job.uses);
    if (!called) {
      findings.push(`${caller.path}: job ${id} calls ${job.uses}, which is not found`);
      continue;
    }
    const granted = permissionsOf(job);
    if (typeof granted === 'string') continue; // write-all covers anything (and findExcessPermissions rejects it)
    for (const callee of jobsOf(called)) {
      const asked = permissionsOf(callee.job);
      if (typeof asked === 'string') {
        findings.push(`${called.path}: job ${callee.id} asks for ${asked}`);
        continue;
      }
      for (const [scope, level] of Object.entries(asked ?? {})) {
        const given = granted?.[scope];
        if (!given || LEVEL[given] < LEVEL[level])
          findings.push(
            `${caller.path}: job ${id} grants ${scope}: ${given ?? 'none'}, but ${called.path} job ${callee.id} needs ${scope}: ${level}`,
          );
      }
    }
  }
  return findings;
}

/** Maps `OWNER/deploy-kit/.github/workflows/<file>@ref` to this checkout's file. */
export function ownWorkflowPath(uses: string): string | undefined {
  return /^deploy-kit\/deploy-kit\/(\.github\/workflows\/[^@]+)@/.exec(uses)?.[1];
}
