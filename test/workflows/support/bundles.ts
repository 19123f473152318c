import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../checks/files';

/**
 * Makes sure dist/<name>/index.js exists, building it the way `npm run build`
 * does when a checkout has not built it yet (CI has it committed).
 */
export function ensureBundle(name: string): string {
  const bundle = join(repoRoot, 'dist', name, 'index.js');
  if (!existsSync(bundle)) {
    execFileSync(process.execPath, [join(repoRoot, 'scripts/build.js'), name], {
      cwd: repoRoot,
      stdio: 'pipe',
      timeout: 180_000,
    });
  }
  return bundle;
}
