// Module hooks that let Node 20+ run this repository's TypeScript directly
// (demo, benchmarks): `.ts` files are transpiled by swc (types are checked by
// `npm run typecheck`, not here), extensionless relative imports find their
// `.ts` file, and `@deploy-kit/<name>` maps to packages/<name>/src/index.ts.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformSync } from '@swc/core';

const root = resolvePath(dirname(fileURLToPath(import.meta.url)), '..');

function tsFileFor(path) {
  for (const candidate of [path, `${path}.ts`, join(path, 'index.ts')]) {
    if (candidate.endsWith('.ts') && existsSync(candidate)) return candidate;
  }
  return undefined;
}

export async function resolve(specifier, context, nextResolve) {
  const workspace = /^@deploy-kit\/([a-z0-9-]+)$/.exec(specifier);
  if (workspace) {
    return { url: pathToFileURL(join(root, 'packages', workspace[1], 'src/index.ts')).href, shortCircuit: true };
  }
  if ((specifier.startsWith('./') || specifier.startsWith('../')) && context.parentURL?.startsWith('file:')) {
    const found = tsFileFor(resolvePath(dirname(fileURLToPath(context.parentURL)), specifier));
    if (found) return { url: pathToFileURL(found).href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const filename = fileURLToPath(url);
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'es6' },
  });
  return { format: 'module', source: code, shortCircuit: true };
}
