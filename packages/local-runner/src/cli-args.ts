import { readFileSync } from 'node:fs';

/** A mistake on the command line; the CLI prints it with the command's usage. */
export class ArgumentError extends Error {
  override name = 'ArgumentError';
}

export interface ParsedArgs {
  positional: string[];
  /** Repeatable `--name value` / `--name=value` options, in order. */
  values: Map<string, string[]>;
  flags: Set<string>;
}

/**
 * Parses `--option value`, `--option=value` and bare `--flag`s. Only the
 * options a command declares are accepted, so a typo is a usage error rather
 * than a silently ignored setting.
 */
export function parseArgs(
  args: readonly string[],
  spec: { values: readonly string[]; flags?: readonly string[] },
): ParsedArgs {
  const parsed: ParsedArgs = { positional: [], values: new Map(), flags: new Set() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--')) {
      parsed.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (spec.flags?.includes(name)) {
      if (eq > 0) throw new ArgumentError(`--${name} takes no value`);
      parsed.flags.add(name);
      continue;
    }
    if (!spec.values.includes(name)) throw new ArgumentError(`unknown option --${name}`);
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new ArgumentError(`--${name} needs a value`);
    parsed.values.set(name, [...(parsed.values.get(name) ?? []), value]);
  }
  return parsed;
}

/** `name=value` pairs from a repeatable option; the value may itself contain `=`. */
export function pairs(values: readonly string[] | undefined, option: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of values ?? []) {
    const at = item.indexOf('=');
    if (at <= 0) throw new ArgumentError(`--${option} expects name=value (got "${item}")`);
    out[item.slice(0, at)] = item.slice(at + 1);
  }
  return out;
}

export function single(parsed: ParsedArgs, name: string): string | undefined {
  const values = parsed.values.get(name);
  if (values && values.length > 1) throw new ArgumentError(`--${name} given more than once`);
  return values?.[0];
}

/** Reads a JSON object file named on the command line. */
export function readJsonObject(path: string, option: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ArgumentError(
      `--${option}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ArgumentError(`--${option}: ${path} is not valid JSON`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new ArgumentError(`--${option}: ${path} must hold a JSON object`);
  return value as Record<string, unknown>;
}

/** A JSON object of string values (secrets, vars). */
export function readStringMap(path: string, option: string): Record<string, string> {
  const object = readJsonObject(path, option);
  for (const [key, value] of Object.entries(object)) {
    if (typeof value !== 'string') throw new ArgumentError(`--${option}: "${key}" in ${path} must be a string`);
  }
  return object as Record<string, string>;
}

/**
 * The event name GitHub would report for a payload, when --event-name is not
 * given: release payloads carry `release`, pushes `ref` and `commits`, and so on.
 */
export function guessEventName(payload: Record<string, unknown>): string {
  if (payload.release && payload.action) return 'release';
  if (payload.pull_request) return 'pull_request';
  if (typeof payload.ref === 'string' && Array.isArray(payload.commits)) return 'push';
  return 'workflow_dispatch';
}
