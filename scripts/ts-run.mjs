#!/usr/bin/env node
// Runs a TypeScript file of this repository: `node scripts/ts-run.mjs FILE.ts [args]`.
import { register } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/ts-run.mjs FILE.ts [args...]');
  process.exit(2);
}
register('./ts-hooks.mjs', import.meta.url);
process.argv = [process.argv[0], resolve(file), ...rest];
await import(pathToFileURL(resolve(file)).href);
