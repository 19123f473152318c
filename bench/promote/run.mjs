#!/usr/bin/env node
// One command for the promotion benchmark: bundles bench.ts (TypeScript, with the
// @deploy-kit/* packages and test/infra) with ncc into a temp folder, as the actions are
// bundled, and runs it with the arguments given, e.g. `node bench/promote/run.mjs --reps 9`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const out = mkdtempSync(join(tmpdir(), 'deploy-kit-bench-promote-'));
try {
  const ncc = join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js');
  const built = spawnSync(
    process.execPath,
    [ncc, 'build', 'bench/promote/bench.ts', '-o', out, '-q', '--transpile-only', '--target', 'es2022'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (built.status !== 0) process.exit(built.status ?? 1);
  writeFileSync(join(out, 'package.json'), '{"type":"module"}\n');
  const ran = spawnSync(process.execPath, [join(out, 'index.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = ran.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
