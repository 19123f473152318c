#!/usr/bin/env node
// One command for the deploy benchmark:
// `node bench/deploy/run.mjs [--reps 5] [--baseline REV | --baseline none] [--after REV]`.
// Bundles the one-step action (actions/pipeline/main.ts, the root action.yml) with ncc into a
// temp folder as the actions are bundled, and, unless `--baseline none`, the same action from
// the sources at REV (default 059a756, the tree before the SSH and status-write changes), read
// from git into a temp folder. `--after REV` measures the committed REV instead of the working
// tree (e.g. while files are being edited). Then runs bench.ts, which measures both on the real stack.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: {
    reps: { type: 'string', default: '5' },
    baseline: { type: 'string', default: '059a756' },
    after: { type: 'string' },
  },
});
const out = mkdtempSync(join(tmpdir(), 'deploy-kit-bench-deploy-'));
const ncc = join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js');

function bundle(tree, dir) {
  const built = spawnSync(
    process.execPath,
    [ncc, 'build', 'actions/pipeline/main.ts', '-o', dir, '-q', '--transpile-only', '--target', 'es2022'],
    { cwd: tree, stdio: 'inherit' },
  );
  if (built.status !== 0) process.exit(built.status ?? 1);
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  return join(dir, 'index.js');
}

/** The sources at `rev` in a folder of their own, with this checkout's dependencies but their own packages. */
function exportTree(rev) {
  const tree = join(out, `src-${rev}`);
  mkdirSync(tree);
  const archive = execFileSync('git', ['archive', rev, 'actions', 'packages', 'tsconfig.json', 'package.json'], {
    cwd: root,
    maxBuffer: 256 * 1024 * 1024,
  });
  execFileSync('tar', ['-x', '-C', tree], { input: archive });
  const modules = join(tree, 'node_modules');
  mkdirSync(join(modules, '@deploy-kit'), { recursive: true });
  for (const entry of readdirSync(join(root, 'node_modules'))) {
    if (entry !== '@deploy-kit') symlinkSync(join(root, 'node_modules', entry), join(modules, entry));
  }
  for (const name of readdirSync(join(tree, 'packages'))) {
    symlinkSync(join(tree, 'packages', name), join(modules, '@deploy-kit', name));
  }
  return tree;
}

function shortRev(rev) {
  return execFileSync('git', ['rev-parse', '--short', rev], { cwd: root, encoding: 'utf8' }).trim();
}

try {
  const actions = [];
  if (values.baseline !== 'none') {
    const rev = shortRev(values.baseline);
    actions.push(`before-${rev}=${bundle(exportTree(rev), join(out, 'before'))}`);
  }
  if (values.after) {
    const rev = shortRev(values.after);
    actions.push(`after-${rev}=${bundle(exportTree(rev), join(out, 'after'))}`);
  } else {
    actions.push(`this-checkout=${bundle(root, join(out, 'after'))}`);
  }
  const ran = spawnSync(
    process.execPath,
    [
      join(root, 'scripts/ts-run.mjs'),
      join(root, 'bench/deploy/bench.ts'),
      '--reps',
      values.reps,
      ...actions.flatMap((action) => ['--action', action]),
    ],
    { cwd: root, stdio: 'inherit' },
  );
  process.exitCode = ran.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
