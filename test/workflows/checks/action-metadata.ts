import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { asNode, repoRoot, type YamlFile } from './files';

/**
 * An action.yml must run on node24 and point `main` at a bundle that exists.
 * dist/ is committed (CI's check-dist guarantees it matches the sources), but
 * a working checkout may not have built it yet: then the bundle is built into
 * a temporary folder to prove `npm run build` produces exactly that file.
 */
export function findActionMetadataProblems(file: YamlFile, root = repoRoot): string[] {
  const runs = asNode(file.doc.runs);
  const findings: string[] = [];
  if (runs.using !== 'node24') findings.push(`${file.path}: runs.using is ${JSON.stringify(runs.using)}, not node24`);
  if (typeof runs.main !== 'string') return [...findings, `${file.path}: runs.main is missing`];
  const main = resolve(dirname(file.absolute), runs.main);
  const bundle = /^dist\/([a-z0-9-]+)\/index\.js$/.exec(relative(root, main));
  if (!bundle) return [...findings, `${file.path}: runs.main ${runs.main} is not a dist/<name>/index.js bundle`];
  const name = bundle[1] as string;
  if (!existsSync(join(root, 'actions', name, 'main.ts'))) {
    return [...findings, `${file.path}: runs.main ${runs.main} has no source: actions/${name}/main.ts does not exist`];
  }
  if (!existsSync(main) && !buildsTo(name, root))
    findings.push(`${file.path}: building ${name} does not produce ${runs.main}`);
  return findings;
}

function buildsTo(name: string, root: string): boolean {
  const out = mkdtempSync(join(tmpdir(), 'deploy-kit-build-check-'));
  try {
    execFileSync(process.execPath, [join(root, 'scripts/build.js'), name, '--out', out], {
      cwd: root,
      stdio: 'pipe',
      timeout: 120_000,
    });
    return existsSync(join(out, name, 'index.js'));
  } catch {
    return false;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
