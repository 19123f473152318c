import { z } from 'zod';
import { configFileSchema } from './schema';

/** Where the committed schema is published (the file at the v1 tag), for `$schema=` comments. */
export const CONFIG_SCHEMA_URL =
  'https://raw.githubusercontent.com/deploy-kit/deploy-kit/v1/schema/deploy-kit.schema.json';

/**
 * The JSON Schema of the config file, generated from the zod schema: what an editor completes
 * and checks as you type. It describes the file as written (`io: 'input'`), so keys with
 * defaults are optional. Names, references and secrets are checked by the loader only.
 */
export function configJsonSchema(): Record<string, unknown> {
  // Draft 7: the draft the YAML language server (VS Code, JetBrains, Neovim) supports best.
  const generated = z.toJSONSchema(configFileSchema, { io: 'input', target: 'draft-07' });
  return { ...generated, $id: CONFIG_SCHEMA_URL, title: 'deploy-kit configuration' };
}

/** The committed file's exact text: two-space JSON and a final newline. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
