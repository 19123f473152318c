import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/** The first-column names (`name` in backticks) of the Markdown table under a `## heading`. */
export function tableNames(readme: string, heading: string): string[] {
  const lines = readme.split('\n');
  const start = lines.indexOf(`## ${heading}`);
  if (start < 0) throw new Error(`README has no "## ${heading}" section`);
  const header = lines.findIndex((line, i) => i > start && line.startsWith('|'));
  const names: string[] = [];
  // Skip the header row and the |---| row; stop at the end of the table.
  for (let i = header + 2; i < lines.length && (lines[i] as string).startsWith('|'); i++) {
    const name = /^\| `([^`]+)` +\|/.exec(lines[i] as string);
    if (name) names.push(name[1] as string);
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
    const action =
      typeof node.uses === 'string' ? /^deploy-kit\/deploy-kit\/([a-z-]+)@/.exec(node.uses)?.[1] : undefined;
    if (!action) continue;
    const metadata = parse(readFileSync(join(root, action, 'action.yml'), 'utf8')) as {
      inputs: Record<string, { required?: boolean }>;
    };
    const given = (node.with ?? {}) as Record<string, unknown>;
    for (const [name, input] of Object.entries(metadata.inputs)) {
      if (input.required && !(name in given)) missing.push(`${action}: ${name}`);
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

/** Every `uses:` reference to one of our actions in the examples. */
export function usesLines(readme: string): string[] {
  return [...readme.matchAll(/uses: *([^\s#]+)/g)].map((m) => m[1] as string);
}
