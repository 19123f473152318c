import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/** The repository root. */
export const repoRoot = resolve(import.meta.dirname, '../..');

export interface ActionMetadata {
  inputs: Record<string, { description?: string; required?: boolean; default?: unknown }>;
  outputs: Record<string, { description?: string }>;
  runs: Record<string, string>;
}

/** An action.yml, parsed; `dir` is its folder ('' for the root action). */
export function readActionMetadata(dir: string, root = repoRoot): ActionMetadata {
  return parse(readFileSync(join(root, dir, 'action.yml'), 'utf8')) as ActionMetadata;
}

/**
 * The action.yml defaults as the code receives them: the runner evaluates
 * `${{ }}` expressions itself, so for the schema they are empty.
 */
export function yamlDefaults(metadata: ActionMetadata): Record<string, string> {
  const defaults: Record<string, string> = {};
  for (const [name, input] of Object.entries(metadata.inputs)) {
    if (input.required) continue;
    const value = String(input.default ?? '');
    defaults[name] = value.startsWith('${{') ? '' : value;
  }
  return defaults;
}

/**
 * The first-column names (`name` in backticks) of every Markdown table whose
 * header's first cell is `header` (`Input`, `Output`), anywhere in the README:
 * the input tables are often split by topic.
 */
export function columnTableNames(readme: string, header: string): string[] {
  const names: string[] = [];
  let inTable = false;
  let previous = '';
  for (const line of readme.split('\n')) {
    if (!line.startsWith('|')) inTable = false;
    else if (!previous.startsWith('|')) inTable = line.split('|')[1]?.trim() === header;
    else if (inTable) {
      const name = /^\| `([^`]+)` +\|/.exec(line);
      if (name) names.push(name[1] as string);
    }
    previous = line;
  }
  return names;
}

/** The cells of the first table row for `name`, trimmed. */
export function tableRow(readme: string, name: string): string[] {
  const line = readme.split('\n').find((l) => l.startsWith(`| \`${name}\` `));
  return line
    ? line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim())
    : [];
}

/** The ```yaml examples of a README. */
export function yamlExamples(readme: string): string[] {
  return [...readme.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

/**
 * `run:` scripts in the examples that paste an expression: `${{ }}` is
 * substituted into the script text before the shell reads it, so a value
 * holding quotes or `$(...)` runs as code. Values belong in `env:`.
 */
export function expressionsInRunScripts(readme: string): string[] {
  const found: string[] = [];
  for (const node of exampleNodes(readme)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'run' && typeof value === 'string' && value.includes('${{')) found.push(value);
    }
  }
  return found;
}

/**
 * Steps in the examples that use one of our actions without one of its
 * required inputs, as `name: input`: a copied example must run.
 */
export function missingRequiredInputs(readme: string, root: string): string[] {
  const missing: string[] = [];
  for (const node of exampleNodes(readme)) {
    const match = typeof node.uses === 'string' ? /^deploy-kit\/deploy-kit(?:\/([a-z-]+))?@/.exec(node.uses) : null;
    if (!match) continue;
    // No folder: the root action (the one-step pipeline).
    const action = match[1] ?? '';
    const metadata = readActionMetadata(action, root);
    const given = (node.with ?? {}) as Record<string, unknown>;
    for (const [name, input] of Object.entries(metadata.inputs)) {
      if (input.required && !(name in given)) missing.push(`${action || 'deploy-kit'}: ${name}`);
    }
  }
  return missing;
}

/** Every mapping in the YAML examples, at any depth. */
function exampleNodes(readme: string): Record<string, unknown>[] {
  const nodes: Record<string, unknown>[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      nodes.push(node as Record<string, unknown>);
      Object.values(node).forEach(visit);
    }
  };
  for (const example of yamlExamples(readme)) {
    for (const document of parseAllDocuments(example)) visit(document.toJS());
  }
  return nodes;
}

/** Every `uses:` reference in the README, in examples and in prose. */
export function usesLines(readme: string): string[] {
  return [...readme.matchAll(/(?<![\w-])uses: *([^\s#`'"]+)/g)].map((m) => m[1] as string);
}
