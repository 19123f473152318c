// The committed JSON Schema (schema/deploy-kit.schema.json) is what editors complete and check
// against. It is generated from the zod schema; this test is how CI fails when it is stale.
import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { CONFIG_SCHEMA_URL } from '@deploy-kit/model';
import { schemaFileText, SCHEMA_FILE } from '../../scripts/write-config-schema';
import { ISSUE_9_EXAMPLE } from './issue-9-example';

const root = resolve(import.meta.dirname, '../..');
const committed = readFileSync(SCHEMA_FILE, 'utf8');
const schema = JSON.parse(committed) as Record<string, unknown>;

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  (addFormatsModule as unknown as (ajv: Ajv) => void)(ajv);
  return ajv.compile(schema);
}

describe('schema/deploy-kit.schema.json', () => {
  it('is what scripts/write-config-schema.ts writes today (if not: node scripts/ts-run.mjs scripts/write-config-schema.ts)', async () => {
    expect(committed).toBe(await schemaFileText());
  });

  it('is published at the URL the docs give for `# yaml-language-server: $schema=`', () => {
    expect(schema.$id).toBe(CONFIG_SCHEMA_URL);
    expect(readFileSync(join(root, 'docs/configuration.md'), 'utf8')).toContain(
      `# yaml-language-server: $schema=${CONFIG_SCHEMA_URL}`,
    );
  });

  it('accepts the example of the README and issue 9', () => {
    const validate = validator();
    expect(validate(parse(ISSUE_9_EXAMPLE))).toBe(true);
  });

  it.each([
    ['an unknown key', 'staging', 'project_dir', '/opt/x'],
    ['a wrong type', 'production', 'hosts', 'prod.example.com'],
    ['a target kind that does not exist', 'staging', 'kind', 'kubernetes'],
  ])('lets an editor flag %s', (_, environment, key, value) => {
    const validate = validator();
    const example = parse(ISSUE_9_EXAMPLE) as { environments: Record<string, { target: Record<string, unknown> }> };
    const target = example.environments[environment]?.target as Record<string, unknown>;
    target[key] = value;
    expect(validate(example)).toBe(false);
    expect(validate.errors?.map((error) => error.instancePath)).toContain(`/environments/${environment}/target`);
  });

  it('every key it knows is documented in docs/configuration.md', () => {
    const docs = readFileSync(join(root, 'docs/configuration.md'), 'utf8');
    const keys = new Set<string>();
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (typeof node === 'object' && node !== null) {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'properties' && typeof value === 'object' && value !== null) {
            for (const name of Object.keys(value)) keys.add(name);
          }
          collect(value);
        }
      }
    };
    collect(schema);
    const undocumented = [...keys].filter((key) => !docs.includes(`\`${key}\``));
    expect(undocumented).toEqual([]);
  });
});
