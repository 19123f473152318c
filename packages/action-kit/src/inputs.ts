import * as core from '@actions/core';
import { z } from 'zod';
import { InputError } from './errors';
import { parseDuration } from './duration';
import {
  DEFAULT_DURATION_MAX,
  HTTP_METHODS,
  durationMaxMs,
  quoteValue,
  singleLineProblem,
  textProblem,
} from './input-rules';
import { maskSecret } from './secrets';

const DURATION_EXAMPLES = 'must be a duration such as 500ms, 5s or 2m';

/**
 * One line of text: CR, LF and NUL refused before anything else looks at it
 * (before trimming, so a trailing line break is refused, not silently cut).
 * Every builder but `lines` and `text` starts here, so no single-value input
 * can forget the rule.
 */
const oneLine = () =>
  z
    .string()
    .refine((v) => !v.includes('\0'), { message: singleLineProblem('\0'), abort: true })
    .refine((v) => singleLineProblem(v) === undefined, { message: singleLineProblem('\n'), abort: true })
    .trim();

/** Several lines: only NUL refused. */
const anyText = () =>
  z.string().refine((v) => textProblem(v) === undefined, { message: textProblem('\0'), abort: true });

/** Turns a duration into milliseconds, adding an issue when it is not one or is over `max`. */
function toMilliseconds(max: string): (text: string, ctx: z.RefinementCtx) => number {
  const maxMs = durationMaxMs(max);
  return (text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: DURATION_EXAMPLES });
      return z.NEVER;
    }
    if (ms > maxMs) {
      ctx.addIssue({ code: 'custom', message: `must be at most ${max}` });
      return z.NEVER;
    }
    return ms;
  };
}

/**
 * Field builders for action input schemas. Every action input arrives as a
 * string ('' when unset); these turn strings into typed values and describe
 * what was expected in words a workflow author understands. Each one applies
 * the rules in input-rules.ts: single-value fields refuse CR, LF and NUL,
 * multi-line ones refuse NUL, durations have a maximum.
 */
export const field = {
  /** A required non-empty line. */
  required: () => oneLine().min(1, { message: 'is required' }),

  /** An optional line: '' becomes undefined. */
  optional: () => oneLine().transform((v) => (v === '' ? undefined : v)),

  /** A line with a default when unset. */
  withDefault: (fallback: string) => oneLine().transform((v) => (v === '' ? fallback : v)),

  /** `true` / `false` in the spellings the YAML 1.2 core schema allows. */
  boolean: (fallback: boolean) =>
    oneLine()
      .refine((v) => v === '' || /^(true|True|TRUE|false|False|FALSE)$/.test(v), {
        message: 'must be true or false',
      })
      .transform((v) => (v === '' ? fallback : v.toLowerCase() === 'true')),

  /** One of a fixed set of words. */
  oneOf: <const T extends readonly [string, ...string[]]>(values: T, fallback?: T[number]) =>
    oneLine()
      .transform((v) => (v === '' ? fallback : v))
      .refine((v): v is T[number] | undefined => v === undefined || values.includes(v), {
        message: `must be one of: ${values.join(', ')}`,
      }),

  /** An HTTP method from HTTP_METHODS, any case (`get` is GET). */
  httpMethod: (fallback: (typeof HTTP_METHODS)[number] = 'GET') =>
    oneLine()
      .transform((v) => (v === '' ? fallback : v.toUpperCase()))
      .refine((v): v is (typeof HTTP_METHODS)[number] => (HTTP_METHODS as readonly string[]).includes(v), {
        message: `must be an HTTP method: one of ${HTTP_METHODS.join(', ')}`,
      }),

  /**
   * A duration such as `500ms`, `5s`, `2m`, in milliseconds, at most `max`
   * (24h unless given; never past Node's timer limit). Document the maximum
   * in the input's action.yml description.
   */
  duration: (fallback: string, max: string = DEFAULT_DURATION_MAX) => {
    const toMs = toMilliseconds(max);
    return oneLine().transform((v, ctx) => toMs(v === '' ? fallback : v, ctx));
  },

  /** Like `duration`, but '' stays undefined (no default). */
  optionalDuration: (max: string = DEFAULT_DURATION_MAX) => {
    const toMs = toMilliseconds(max);
    return oneLine().transform((v, ctx) => (v === '' ? undefined : toMs(v, ctx)));
  },

  /** A whole number within bounds. */
  integer: (fallback: number | undefined, min = 0, max = Number.MAX_SAFE_INTEGER) =>
    oneLine()
      .refine((v) => v === '' || (/^\d+$/.test(v) && Number(v) >= min && Number(v) <= max), {
        message: `must be a whole number from ${min} to ${max}`,
      })
      .transform((v) => (v === '' ? fallback : Number(v))),

  /** Newline-separated values, each a line of its own; blank lines and surrounding spaces dropped. */
  lines: () => anyText().transform(splitLines),

  /** Multi-line text (a request body, a script, a message): trimmed, '' becomes undefined. */
  text: () =>
    anyText().transform((v) => {
      const trimmed = v.trim();
      return trimmed === '' ? undefined : trimmed;
    }),
};

/** Splits a multi-line input into trimmed, non-empty lines (CRLF, LF or a lone CR end a line). */
export function splitLines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
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

/**
 * Parses already-collected raw input strings against a schema. NUL is refused
 * in every input here too, so a schema not built from `field` (a list parsed
 * its own way) cannot let one through.
 */
export function parseInputs<S extends InputShape>(
  shape: S,
  raw: Record<string, string | undefined>,
  secrets: readonly string[] = [],
): { [K in keyof S]: z.output<S[K]> } {
  const values = Object.fromEntries(Object.keys(shape).map((name) => [name, raw[name] ?? '']));
  for (const [name, value] of Object.entries(values)) {
    const problem = textProblem(value);
    if (problem) throw new InputError(name, problem);
  }
  const result = z.object(shape).safeParse(values);
  if (result.success) return result.data as { [K in keyof S]: z.output<S[K]> };
  const issue = result.error.issues[0];
  const name = String(issue?.path[0] ?? 'unknown');
  const given = raw[name] ?? '';
  const problem = issue?.message ?? 'is invalid';
  const echo = given !== '' && !secrets.includes(name) && !/is required/.test(problem);
  throw new InputError(name, echo ? `${problem} (got ${quoteValue(given)})` : problem);
}
