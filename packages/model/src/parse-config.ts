import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { checkReferences } from './check-references';
import { checkStrategies } from './check-strategies';
import { knownKeysAt } from './known-keys';
import { Locator } from './locate';
import { resolveConfig } from './resolve';
import { configFileSchema } from './schema';
import { looksLikeSecretKey, secretKeyMessage, secretValueMessage } from './secrets';
import { didYouMean } from './suggest';
import { checkValues, type ValueChecks } from './value-checks';
import type { ConfigProblem, ConfigResult } from './types';

export interface ParseConfigOptions {
  /** The file's path as the user knows it; every problem line starts with it. */
  file: string;
  /** `owner/repo`: default images are ghcr.io/<owner>/<repo>/<service>, lower-cased. */
  repository: string;
  /** Grammar checks owned by other packages (freeze windows, JSON assertions); see value-checks.ts. */
  checks?: ValueChecks;
}

/** A problem found while reading, before it is placed in the file. */
export interface Finding {
  path: readonly PropertyKey[];
  message: string;
}

/**
 * Reads a config file's text into the deployment model. Never throws for anything the user
 * wrote: a bad file comes back as every problem found, each with its line and column.
 */
export function parseConfig(text: string, options: ParseConfigOptions): ConfigResult {
  const lines = new LineCounter();
  // `merge`: `<<: *defaults` shares settings between environments, as YAML users expect.
  const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true, merge: true });
  const locator = new Locator(document, lines);
  const problem = (path: readonly PropertyKey[], message: string): ConfigProblem => ({
    file: options.file,
    ...locator.positionOf(path),
    path: pathText(path),
    message,
  });

  if (document.errors.length > 0) {
    const problems = document.errors.map((error) => {
      const start = error.linePos?.[0];
      return {
        file: options.file,
        line: start?.line ?? 1,
        column: start?.col ?? 1,
        path: '',
        message: `YAML syntax: ${firstLine(error.message)}`,
      };
    });
    return { kind: 'invalid', problems: sorted(problems) };
  }

  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    // yaml refuses alias bombs (and a few other shapes) only while building values.
    const message = error instanceof Error ? firstLine(error.message) : String(error);
    return { kind: 'invalid', problems: [problem([], `YAML: ${message}`)] };
  }
  if (data === null || data === undefined) {
    return {
      kind: 'invalid',
      problems: [problem([], 'the file is empty; expected services: and environments: (see docs/configuration.md)')],
    };
  }

  const secrets = secretFindings(document, data);
  const secretPaths = new Set(secrets.map((finding) => finding.path.map(String).join('.')));
  const parsed = configFileSchema.safeParse(data);
  const schemaFindings = parsed.success ? [] : parsed.error.issues.flatMap((issue) => fromIssue(issue, data));
  const findings = [
    ...secrets,
    ...schemaFindings.filter((finding) => !secretPaths.has(finding.path.map(String).join('.'))),
    ...checkReferences(data, options.repository),
    ...checkStrategies(data),
    ...checkValues(data, options.checks ?? {}),
  ];
  if (findings.length > 0 || !parsed.success) {
    return { kind: 'invalid', problems: sorted(unique(findings.map((f) => problem(f.path, f.message)))) };
  }
  return { kind: 'ok', config: resolveConfig(parsed.data, options.file, options.repository) };
}

/** An unknown key is one finding per key, placed on the key, with the closest known key. */
function fromIssue(issue: z.core.$ZodIssue, data: unknown): Finding[] {
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(configFileSchema, data, issue.path);
    return issue.keys.map((key) => ({
      path: [...issue.path, key],
      message: `unknown key${didYouMean(key, known) || (known.length ? `; expected one of: ${known.join(', ')}` : '')}`,
    }));
  }
  return [{ path: issue.path, message: issue.message }];
}

/**
 * Secret-looking keys anywhere a setting is named (not where the user names a service or an
 * environment), and values that hold a secret whatever their key.
 */
function secretFindings(document: Document, data: unknown): Finding[] {
  const findings: Finding[] = [];
  const visit = (node: unknown, path: PropertyKey[]): void => {
    const resolved = isAlias(node) ? node.resolve(document) : node;
    if (isMap(resolved)) {
      const known = namesUserChosen(path) ? undefined : knownKeysAt(configFileSchema, data, path);
      for (const pair of resolved.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (key === '<<') continue; // merged from an anchor, which is visited where it is written
        const inner = [...path, key];
        if (known && !known.includes(key) && looksLikeSecretKey(key)) {
          findings.push({ path: inner, message: secretKeyMessage(key, environmentOf(inner)) });
        } else {
          visit(pair.value, inner);
        }
      }
    } else if (isSeq(resolved)) {
      resolved.items.forEach((item, index) => visit(item, [...path, index]));
    } else if (isScalar(resolved) && typeof resolved.value === 'string') {
      const message = secretValueMessage(resolved.value);
      if (message) findings.push({ path, message });
    }
  };
  visit(document.contents, []);
  return findings;
}

/** Maps whose keys are names the user chose: services, environments, an environment's health URLs and workloads. */
function namesUserChosen(path: readonly PropertyKey[]): boolean {
  return (
    (path.length === 1 && (path[0] === 'services' || path[0] === 'environments')) ||
    (path.length === 3 && path[0] === 'environments' && path[2] === 'health') ||
    (path.length === 4 && path[0] === 'environments' && path[2] === 'target' && path[3] === 'workloads')
  );
}

function environmentOf(path: readonly PropertyKey[]): string | undefined {
  return path[0] === 'environments' && path.length > 1 ? String(path[1]) : undefined;
}

/** `a.b.0.c`; a key holding a control character is quoted, so a problem stays one line. */
function pathText(path: readonly PropertyKey[]): string {
  return path
    .map(String)
    .map((segment) => (hasControlCharacter(segment) ? JSON.stringify(segment) : segment))
    .join('.');
}

function hasControlCharacter(text: string): boolean {
  return [...text].some((character) => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f);
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

function sorted(problems: ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.column - b.column || a.path.localeCompare(b.path));
}

function unique(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.line}:${p.column}:${p.path}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
