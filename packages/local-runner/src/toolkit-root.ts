import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '@deploy-kit/action-kit';

/**
 * Finds deploy-kit's own checkout (where its action folders and dist/ are) by
 * walking up from a start folder: the CLI runs from dist/cli in a checkout or
 * from the sources under test, so no fixed depth works for both.
 */
export function findToolkitRoot(start: string): string {
  let dir = resolve(start);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'deploy-kit') return dir;
      } catch {
        // Not readable JSON: keep walking up.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new UserError(`Cannot find the deploy-kit checkout above ${start}`);
    dir = parent;
  }
}
