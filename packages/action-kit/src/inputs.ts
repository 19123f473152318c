import * as core from '@actions/core';
import { z } from 'zod';
import { InputError } from './errors';
import { parseDuration } from './duration';
import { maskSecret } from './secrets';

/**
 * Field builders for action input schemas. Every action input arrives as a
 * string ('' when unset); these turn strings into typed values and describe
 * what was expected in words a workflow author understands.
 */
export const field = {
  /** A required non-empty string. */
  required: () => z.string().trim().min(1, { message: 'is required' }),

  /** An optional string: '' becomes undefined. */
  optional: () =>
    z
      .string()
      .trim()
      .transform((v) => (v === '' ? undefined : v)),

  /** A string with a default when unset. */
  withDefault: (fallback: string) =>
    z
      .string()
      .trim()
      .transform((v) => (v === '' ? fallback : v)),

  /** `true` / `false` in the spellings the YAML 1.2 core schema allows. */
  boolean: (fallback: boolean) =>
    z
      .string()
      .trim()
      .refine((v) => v === '' || /^(true|True|TRUE|false|False|FALSE)$/.test(v), {
        message: 'must be true or false',
      })
      .transform((v) => (v === '' ? fallback : v.toLowerCase() === 'true')),

  /** One of a fixed set of words. */
  oneOf: <const T extends readonly [string, ...string[]]>(values: T, fallback?: T[number]) =>
    z
      .string()
      .trim()
      .transform((v) => (v === '' ? fallback : v))
      .refine((v): v is T[number] | undefined => v === undefined || values.includes(v), {
        message: `must be one of: ${values.join(', ')}`,
      }),

  /** A duration such as `500ms`, `5s`, `2m`, in milliseconds. */
  duration: (fallback: string) =>
    z
      .string()
      .trim()
      .transform((v) => (v === '' ? fallback : v))
      .refine((v) => parseDuration(v) !== undefined, {
        message: 'must be a duration such as 500ms, 5s or 2m',
      })
      .transform((v) => parseDuration(v) as number),

  /** A whole number within bounds. */
  integer: (fallback: number | undefined, min = 0, max = Number.MAX_SAFE_INTEGER) =>
    z
      .string()
      .trim()
      .refine((v) => v === '' || (/^\d+$/.test(v) && Number(v) >= min && Number(v) <= max), {
        message: `must be a whole number from ${min} to ${max}`,
      })
      .transform((v) => (v === '' ? fallback : Number(v))),

  /** Newline-separated values, blank lines and surrounding spaces dropped. */
  lines: () => z.string().transform(splitLines),
};

/** Splits a multi-line input into trimmed, non-empty lines. */
export function splitLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

type InputShape = Record<string, z.ZodType<unknown, string>>;

/**
 * Reads every input named in the schema (keys are the exact input names from
 * action.yml) and parses them in one go. The first problem becomes an
 * InputError naming the input, before the action has done anything.
 */
export interface ReadInputsOptions {
  /** Inputs holding secrets: masked before anything else, never echoed in errors. */
  secrets?: readonly string[];
  getInput?: (name: string) => string;
}

export function readInputs<S extends InputShape>(
  shape: S,
  options: ReadInputsOptions = {},
): { [K in keyof S]: z.output<S[K]> } {
  const getInput = options.getInput ?? ((name: string) => core.getInput(name));
  const raw: Record<string, string> = {};
  for (const name of Object.keys(shape)) raw[name] = getInput(name);
  for (const name of options.secrets ?? []) maskSecret(raw[name]);
  return parseInputs(shape, raw, options.secrets);
}

/** Parses already-collected raw input strings against a schema. */
export function parseInputs<S extends InputShape>(
  shape: S,
  raw: Record<string, string | undefined>,
  secrets: readonly string[] = [],
): { [K in keyof S]: z.output<S[K]> } {
  const result = z
    .object(shape)
    .safeParse(Object.fromEntries(Object.keys(shape).map((name) => [name, raw[name] ?? ''])));
  if (result.success) return result.data as { [K in keyof S]: z.output<S[K]> };
  const issue = result.error.issues[0];
  const name = String(issue?.path[0] ?? 'unknown');
  const given = raw[name] ?? '';
  const problem = issue?.message ?? 'is invalid';
  const echo = given !== '' && !secrets.includes(name) && !/is required/.test(problem);
  throw new InputError(name, echo ? `${problem} (got "${given}")` : problem);
}
