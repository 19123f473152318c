import fc from 'fast-check';
import { OPTION_SAFE, type InputKind } from './input-kinds';

export interface MalformedOptions {
  /** Values with NUL: only in-process (an environment variable cannot hold one, so a bundle never sees it). */
  nul: boolean;
}

/** Text that survives @actions/core's trimming: it ends in something other than whitespace. */
const visibleTail = fc
  .tuple(fc.string({ maxLength: 12 }), fc.constantFrom('::error::x', '::add-mask::y', 'x', '%0A', '## heading'))
  .map(([text, end]) => `${text}${end}`);

/** A value the input would accept, so a line break after it is the only thing wrong. */
function acceptable(kind: InputKind): string {
  switch (kind.kind) {
    case 'enum':
      return kind.values[0] as string;
    case 'duration':
      return '5s';
    case 'integer':
      return String(kind.min);
    default:
      return 'prod';
  }
}

/** `prod\n::error::x` and the like: a line break (or NUL) inside a one-line value. */
function brokenLine(kind: InputKind, options: MalformedOptions): fc.Arbitrary<string> {
  const breaks = ['\n', '\r', '\r\n', '\n\n', ...(options.nul ? ['\0'] : [])];
  return fc
    .tuple(fc.constantFrom(acceptable(kind), 'x'), fc.constantFrom(...breaks), visibleTail)
    .map(([head, cut, tail]) => `${head}${cut}${tail}`);
}

/** NUL anywhere in a multi-line value. */
const withNul = fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 })).map(([a, b]) => `${a}\0${b}x`);

function notOneOf(values: readonly string[], anyCase: boolean): fc.Arbitrary<string> {
  const same = (a: string, b: string) => (anyCase ? a.toLowerCase() === b.toLowerCase() : a === b);
  return fc
    .oneof(
      fc.string({ minLength: 1, maxLength: 16 }),
      fc.constantFrom('yes', 'no', 'on', 'off', '1', '0', 'FETCH', 'get it', 'none', '-', '--help'),
      fc.constantFrom(...values).map((v) => `${v}x`),
    )
    .filter((v) => v.trim() !== '' && !values.some((value) => same(value, v.trim())));
}

function overMaximum(maxMs: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.integer({ min: Math.floor(maxMs / 3_600_000) + 1, max: 1e12 }).map((n) => `${n}h`),
    fc.integer({ min: Math.floor(maxMs / 60_000) + 1, max: 1e12 }).map((n) => `${n}m`),
    fc.bigInt({ min: BigInt(maxMs) + 1n, max: 10n ** 30n }).map((n) => `${n}ms`),
    fc.constantFrom('999999999h', '999999999999h', `${maxMs / 1000 + 1}`),
    fc.integer({ min: 20, max: 400 }).map((n) => '9'.repeat(n)),
  );
}

const NOT_A_DURATION = fc.constantFrom(
  'forever',
  '5 minutes',
  '-5s',
  '1e3s',
  '5d',
  '5 s s',
  'Infinity',
  'NaN',
  '0x10s',
);

function badInteger(min: number, max: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.integer({ min: -1e9, max: min - 1 }).map(String),
    fc.bigInt({ min: BigInt(max) + 1n, max: 10n ** 40n }).map(String),
    fc.integer({ min: 20, max: 300 }).map((n) => '9'.repeat(n)),
    fc.constantFrom('abc', '1.5', '1e3', '0x10', '+5', '5 5', 'Infinity'),
  );
}

/**
 * Values the input must refuse, whatever else is set: every one-line input
 * gets line breaks (and NUL in-process), every multi-line one NUL, plus what
 * its kind makes wrong (over-max durations, words outside an enum, huge or
 * negative numbers, garbage for a syntax, a leading `-` where a value reaches
 * a command line). undefined when nothing can be generated under `options`.
 */
export function malformed(input: string, kind: InputKind, options: MalformedOptions): fc.Arbitrary<string> | undefined {
  const choices: fc.Arbitrary<string>[] = [];
  if (kind.kind === 'text') {
    if (options.nul) choices.push(withNul);
    if (kind.bad.length) choices.push(fc.constantFrom(...kind.bad));
  } else {
    choices.push(brokenLine(kind, options));
  }
  if (kind.kind === 'syntax') choices.push(fc.constantFrom(...kind.bad));
  if (kind.kind === 'enum') choices.push(notOneOf(kind.values, kind.anyCase));
  if (kind.kind === 'duration') choices.push(overMaximum(kind.maxMs), NOT_A_DURATION);
  if (kind.kind === 'integer') choices.push(badInteger(kind.min, kind.max));
  if (OPTION_SAFE.has(input)) choices.push(fc.string({ maxLength: 20 }).map((s) => `-${s.trim()}x`));
  return choices.length ? fc.oneof(...choices) : undefined;
}
