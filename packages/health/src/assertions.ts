import { formatPath, lookupPath, PathSyntaxError, readPath, type PathSegment } from './json-path';
import { jsonEqual, showValue } from './json-value';
import { parseRegex, regexProblem } from './regex';

/** One line of the `json` input, parsed. */
export type JsonAssertion =
  | { kind: 'equals'; path: PathSegment[]; expected: unknown; negate: boolean; text: string }
  | { kind: 'exists'; path: PathSegment[]; text: string }
  | { kind: 'matches'; path: PathSegment[]; pattern: RegExp; text: string };

/** A line that is not a valid assertion; the message says what was expected. */
export class AssertionSyntaxError extends Error {
  override name = 'AssertionSyntaxError';
}

/** The documented forms, listed in every syntax error. */
export const ASSERTION_FORMS = 'PATH == VALUE, PATH != VALUE, PATH exists or PATH =~ REGEX';
const FORMS = `expected ${ASSERTION_FORMS}`;

/**
 * A bare VALUE: one word of text, no spaces or quotes, not starting with an
 * operator character or a JSON bracket. Anything else must be valid JSON,
 * so `status === ok` (value `= ok`) or `status == ok, degraded` is an input
 * error instead of a check that can never pass.
 */
const BARE_WORD = /^[^\s"'=!~<>{}[\]][^\s"']*$/;

/**
 * Parses one line of the `json` input. The grammar is strict: a line is one
 * of the four forms or an AssertionSyntaxError that lists them.
 */
export function parseAssertion(line: string): JsonAssertion {
  const source = line.trim();
  let path: PathSegment[];
  let rest: string;
  try {
    const parsed = readPath(source);
    path = parsed.segments;
    rest = source.slice(parsed.length).trim();
  } catch (error) {
    if (error instanceof PathSyntaxError) throw new AssertionSyntaxError(`${error.message}; ${FORMS}`);
    throw error;
  }
  const shown = formatPath(path);
  if (/^exists$/.test(rest)) return { kind: 'exists', path, text: `${shown} exists` };
  const operator = /^(==|!=|=~)\s*(.*)$/s.exec(rest);
  if (!operator) {
    const what = rest === '' ? `nothing after the path ${shown}` : `"${rest}" after the path ${shown}`;
    throw new AssertionSyntaxError(`${what}; ${FORMS}`);
  }
  const [, op, valueText = ''] = operator;
  if (valueText === '') throw new AssertionSyntaxError(`nothing after "${op}"; ${FORMS}`);
  if (op === '=~') {
    try {
      return { kind: 'matches', path, pattern: parseRegex(valueText), text: `${shown} =~ ${valueText}` };
    } catch (error) {
      throw new AssertionSyntaxError(`bad regular expression: ${regexProblem(error)}; ${FORMS}`);
    }
  }
  const expected = readValue(valueText, op as string);
  return { kind: 'equals', path, expected, negate: op === '!=', text: `${shown} ${op} ${showValue(expected)}` };
}

/** VALUE: JSON (`"ok"`, `3`, `true`, `null`, `[...]`, `{...}`) or one bare word of text (`ok`, `v1.2.0`). */
function readValue(text: string, op: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    if (BARE_WORD.test(text)) return text;
  }
  const why = /^[=!~<>]/.test(text)
    ? `"${op}${text[0] ?? ''}" is not an operator`
    : text.startsWith("'")
      ? 'quote text with double quotes ("…"), as in JSON'
      : /^["{[]/.test(text)
        ? `${showValue(text, 40)} is not valid JSON`
        : 'text with spaces or quotes must be a JSON string in double quotes';
  throw new AssertionSyntaxError(`${why}; VALUE is JSON or one word without spaces; ${FORMS}`);
}

/** Checks one assertion against a parsed JSON body; returns why it failed, or undefined. */
export function failedAssertion(assertion: JsonAssertion, document: unknown): string | undefined {
  const found = lookupPath(document, assertion.path);
  const shown = formatPath(assertion.path);
  if (assertion.kind === 'exists') return found.found ? undefined : `${found.missing} is missing`;
  if (!found.found) return `${found.missing} is missing (wanted ${assertion.text})`;
  const actual = found.value;
  if (assertion.kind === 'matches') {
    const scalar = typeof actual === 'string' || typeof actual === 'number' || typeof actual === 'boolean';
    if (scalar && assertion.pattern.test(String(actual))) return undefined;
    return `${shown} is ${showValue(actual)}, which does not match ${assertion.pattern}`;
  }
  const equal = jsonEqual(actual, assertion.expected);
  if (assertion.negate) return equal ? `${shown} is ${showValue(actual)}, which it must not be` : undefined;
  return equal ? undefined : `${shown} is ${showValue(actual)}, expected ${showValue(assertion.expected)}`;
}
