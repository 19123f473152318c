#!/usr/bin/env node
// Rebuilds every bundle into a temporary folder and fails when any file differs
// from dist/ as it stands (in CI: as committed). Run `npm run build` to fix.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { build } from './build.js';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist');

function listFiles(dir) {
  const out = [];
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path));
    else out.push(path);
  }
  return out;
}

const fresh = mkdtempSync(join(tmpdir(), 'deploy-kit-dist-'));
try {
  await build([], fresh);
  const want = new Set(listFiles(fresh).map((p) => relative(fresh, p)));
  const have = new Set(listFiles(dist).map((p) => relative(dist, p)));
  const problems = [];
  for (const file of want) {
    if (!have.has(file)) problems.push(`missing from dist/: ${file}`);
    else if (!readFileSync(join(fresh, file)).equals(readFileSync(join(dist, file))))
      problems.push(`out of date: dist/${file}`);
  }
  for (const file of have) if (!want.has(file)) problems.push(`not built from any source: dist/${file}`);
  if (problems.length) {
    console.error(
      `dist/ does not match the sources (run \`npm run build\` and commit dist/):\n  ${problems.join('\n  ')}`,
    );
    process.exitCode = 1;
  } else {
    console.log(`dist/ matches the sources (${want.size} files)`);
  }
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
