#!/usr/bin/env node
// One command for the health-check benchmark: bundles the action (actions/health-check/main.ts)
// and bench.ts with ncc into a temp folder, as the actions are bundled, then runs the bench
// with the arguments given, e.g. `node bench/health/run.mjs --reps 9`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const out = mkdtempSync(join(tmpdir(), 'deploy-kit-bench-health-'));
const ncc = join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js');

function bundle(entry, dir) {
  const built = spawnSync(
    process.execPath,
    [ncc, 'build', entry, '-o', dir, '-q', '--transpile-only', '--target', 'es2022'],
    { cwd: root, stdio: 'inherit' },
  );
  if (built.status !== 0) process.exit(built.status ?? 1);
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  return join(dir, 'index.js');
}

try {
  const action = bundle('actions/health-check/main.ts', join(out, 'action'));
  const bench = bundle('bench/health/bench.ts', join(out, 'bench'));
  const ran = spawnSync(process.execPath, [bench, '--action', action, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = ran.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
