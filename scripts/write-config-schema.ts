// Writes schema/deploy-kit.schema.json from the zod schema in packages/model:
//   node scripts/ts-run.mjs scripts/write-config-schema.ts
// test/model/json-schema.test.ts fails while the committed file differs from what this writes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { configJsonSchemaText } from '@deploy-kit/model';

export const SCHEMA_FILE = join(resolve(import.meta.dirname, '..'), 'schema/deploy-kit.schema.json');

/** The file's text: generated, then formatted as `prettier --check .` expects it. */
export async function schemaFileText(): Promise<string> {
  const options = await resolveConfig(SCHEMA_FILE);
  return format(configJsonSchemaText(), { ...options, filepath: SCHEMA_FILE });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  mkdirSync(dirname(SCHEMA_FILE), { recursive: true });
  writeFileSync(SCHEMA_FILE, await schemaFileText());
  console.log(`wrote ${SCHEMA_FILE}`);
}
