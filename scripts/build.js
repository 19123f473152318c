#!/usr/bin/env node
// Bundles every entry point with ncc: actions/<name>/main.ts -> dist/<name>/index.js,
// plus the command line (cli/main.ts -> dist/cli). Transpile only: `npm run typecheck`
// checks types, so one unfinished file elsewhere cannot stop a bundle. Usage:
//   node scripts/build.js            build everything into dist/
//   node scripts/build.js deploy     build only the named entries
//   node scripts/build.js --out DIR  build into another folder (used by check-dist)
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

export function entries() {
  const found = [];
  for (const name of readdirSync(join(root, 'actions')).sort()) {
    const main = join('actions', name, 'main.ts');
    if (existsSync(join(root, main))) found.push({ name, main });
  }
  if (existsSync(join(root, 'cli/main.ts'))) found.push({ name: 'cli', main: 'cli/main.ts' });
  return found;
}

function bundle({ name, main }, outDir) {
  const out = join(outDir, name);
  rmSync(out, { recursive: true, force: true });
  const ncc = join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js');
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [ncc, 'build', main, '-o', out, '--license', 'licenses.txt', '-q', '-t', '--target', 'es2022'],
      {
        cwd: root,
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`ncc failed for ${main} (exit ${code})`))));
  });
}

export async function build(names = [], outDir = join(root, 'dist')) {
  const all = entries();
  const unknown = names.filter((n) => !all.some((e) => e.name === n));
  if (unknown.length)
    throw new Error(`Unknown entry: ${unknown.join(', ')} (known: ${all.map((e) => e.name).join(', ')})`);
  const chosen = names.length ? all.filter((e) => names.includes(e.name)) : all;
  const queue = [...chosen];
  const workers = Array.from({ length: Math.max(1, Math.min(cpus().length, 4)) }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      await bundle(next, outDir);
      console.log(`built ${join(outDir, next.name)}/index.js`);
    }
  });
  await Promise.all(workers);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const outDir = outAt >= 0 ? resolve(args[outAt + 1]) : undefined;
  const names = outAt >= 0 ? args.filter((_, i) => i !== outAt && i !== outAt + 1) : args;
  build(names, outDir).catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
