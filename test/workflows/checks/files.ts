import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse } from 'yaml';

export const repoRoot = resolve(import.meta.dirname, '../../..');

/** A YAML file under test: where it is, its text, and its parsed form. */
export interface YamlFile {
  /** Path relative to the root it was found under (what findings name). */
  path: string;
  absolute: string;
  source: string;
  doc: Record<string, unknown>;
}

export function loadYaml(absolute: string, root = repoRoot): YamlFile {
  const source = readFileSync(absolute, 'utf8');
  const parsed: unknown = parse(source);
  return {
    path: relative(root, absolute),
    absolute,
    source,
    doc: parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {},
  };
}

function yamlIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}

/** Every workflow: the reusable and CI workflows, and the starter workflows. */
export function workflowFiles(root = repoRoot): { workflows: string[]; starters: string[] } {
  return {
    workflows: yamlIn(join(root, '.github/workflows')),
    starters: yamlIn(join(root, 'workflows-templates')),
  };
}

/**
 * Every action metadata file: the root action.yml and `<name>/action.yml` one
 * level down, found by listing so a new action is covered without editing tests.
 */
export function actionFiles(root = repoRoot): string[] {
  const found: string[] = [];
  for (const name of ['action.yml', 'action.yaml']) if (existsSync(join(root, name))) found.push(join(root, name));
  for (const entry of readdirSync(root).sort()) {
    if (entry.startsWith('.') || entry === 'node_modules') continue;
    const dir = join(root, entry);
    if (!statSync(dir).isDirectory()) continue;
    for (const name of ['action.yml', 'action.yaml']) if (existsSync(join(dir, name))) found.push(join(dir, name));
  }
  return found;
}

type Node = Record<string, unknown>;

export function asNode(value: unknown): Node {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Node) : {};
}

export interface JobView {
  id: string;
  job: Node;
  steps: Node[];
}

export function jobsOf(file: YamlFile): JobView[] {
  return Object.entries(asNode(file.doc.jobs)).map(([id, job]) => ({
    id,
    job: asNode(job),
    steps: Array.isArray(asNode(job).steps) ? (asNode(job).steps as unknown[]).map(asNode) : [],
  }));
}

/** `on:` in any of its three spellings, as a list of event names. */
export function triggersOf(file: YamlFile): string[] {
  const on = file.doc.on ?? file.doc.true; // YAML 1.1 readers turn a bare `on` into true
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  return Object.keys(asNode(on));
}
