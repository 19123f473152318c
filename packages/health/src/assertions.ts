import { formatPath, lookupPath, PathSyntaxError, readPath, type PathSegment } from './json-path';
import { jsonEqual, parseExpectedValue, showValue } from './json-value';
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

const FORMS = 'expected PATH == VALUE, PATH != VALUE, PATH exists or PATH =~ REGEX';

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
  if (!operator) throw new AssertionSyntaxError(FORMS);
  const [, op, valueText = ''] = operator;
  if (valueText === '') throw new AssertionSyntaxError(`nothing after "${op}"; ${FORMS}`);
  if (op === '=~') {
    try {
      return { kind: 'matches', path, pattern: parseRegex(valueText), text: `${shown} =~ ${valueText}` };
    } catch (error) {
      throw new AssertionSyntaxError(`bad regular expression: ${regexProblem(error)}`);
    }
  }
  const expected = parseExpectedValue(valueText);
  return { kind: 'equals', path, expected, negate: op === '!=', text: `${shown} ${op} ${showValue(expected)}` };
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
