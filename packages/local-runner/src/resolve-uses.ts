import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The GitHub owner/repository deploy-kit's actions are published under. */
export const TOOLKIT_REPOSITORY = 'deploy-kit/deploy-kit';

export type UsesTarget =
  { kind: 'action'; dir: string } | { kind: 'workflow'; file: string } | { kind: 'unsupported'; reason: string };

/**
 * Decides what a `uses:` refers to locally: one of deploy-kit's own actions or
 * reusable workflows (by our owner name, at any ref, served from this
 * checkout), a local `./path`, or something the local runner does not run.
 */
export function resolveUses(uses: string, where: { toolkitRoot: string; workspace: string }): UsesTarget {
  if (uses.startsWith('docker://')) return { kind: 'unsupported', reason: 'container actions are not run locally' };
  if (uses.startsWith('./')) {
    const path = resolve(where.workspace, uses);
    if (/\.ya?ml$/.test(uses)) return existsSync(path) ? { kind: 'workflow', file: path } : missing(uses, path);
    return existsSync(join(path, 'action.yml')) || existsSync(join(path, 'action.yaml'))
      ? { kind: 'action', dir: path }
      : missing(uses, path);
  }
  const match = /^([^/@]+\/[^/@]+)(?:\/([^@]*))?@(.+)$/.exec(uses);
  if (!match) return { kind: 'unsupported', reason: `"${uses}" is not a valid uses: reference` };
  const [, repository, subpath = ''] = match;
  if (repository?.toLowerCase() !== TOOLKIT_REPOSITORY) {
    return {
      kind: 'unsupported',
      reason: `third-party action ${repository}: not run locally (the local runner only runs deploy-kit's own actions)`,
    };
  }
  const path = resolve(where.toolkitRoot, subpath);
  if (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(subpath)) {
    return existsSync(path) ? { kind: 'workflow', file: path } : missing(uses, path);
  }
  return existsSync(join(path, 'action.yml')) ? { kind: 'action', dir: path } : missing(uses, path);
}

function missing(uses: string, path: string): UsesTarget {
  return { kind: 'unsupported', reason: `${uses} not found in this checkout (looked at ${path})` };
}
