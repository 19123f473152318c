import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';
import { truthy } from '@actions/expressions/result';
import { UserError } from '@deploy-kit/action-kit';

/** Plain JSON-like values the runner keeps its contexts in. */
export type ContextValue =
  string | number | boolean | null | undefined | ContextValue[] | { [key: string]: ContextValue };
export type Contexts = Record<string, ContextValue>;

/** What the status functions (success(), failure(), ...) answer at this point of the run. */
export interface StatusFunctions {
  success: boolean;
  failure: boolean;
  cancelled: boolean;
}

const STATUS_FUNCTION = /\b(success|failure|always|cancelled)\s*\(/;

function toExpressionData(value: ContextValue): data.ExpressionData {
  // The library's own reviver turns plain JSON into its typed values (case-insensitive dictionaries included).
  return JSON.parse(JSON.stringify(value ?? null), data.reviver) as data.ExpressionData;
}

function statusFunctions(status: StatusFunctions): Map<string, FunctionDefinition> {
  const fn = (name: string, answer: boolean): [string, FunctionDefinition] => [
    name,
    { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(answer) },
  ];
  return new Map([
    fn('success', status.success),
    fn('failure', status.failure),
    fn('cancelled', status.cancelled),
    fn('always', true),
  ]);
}

/**
 * Evaluates one expression (the text between `${{` and `}}`) with GitHub's own
 * evaluator, so operators, coercions and functions behave as on the runner.
 */
export function evaluateExpression(
  expression: string,
  contexts: Contexts,
  status: StatusFunctions = { success: true, failure: false, cancelled: false },
): data.ExpressionData {
  const functions = statusFunctions(status);
  try {
    const tokens = new Lexer(expression).lex().tokens;
    const parsed = new Parser(
      tokens,
      Object.keys(contexts),
      [...functions.values()].map(({ name, minArgs, maxArgs }) => ({ name, minArgs, maxArgs })),
    ).parse();
    const dictionary = new data.Dictionary(
      ...Object.entries(contexts).map(([key, value]) => ({ key, value: toExpressionData(value) })),
    );
    return new Evaluator(parsed, dictionary, functions).evaluate();
  } catch (error) {
    throw new UserError(`Cannot evaluate \${{ ${expression.trim()} }}: ${(error as Error).message}`);
  }
}

/** Converts an evaluated value back to plain data (objects for toJSON-like use). */
export function toPlain(value: data.ExpressionData): ContextValue {
  return JSON.parse(JSON.stringify(value, data.replacer)) as ContextValue;
}

/**
 * Finds every `${{ ... }}` in a string. Quotes inside expressions may contain `}}`,
 * so the end is found by scanning outside single-quoted literals.
 */
function splitTemplate(text: string): Array<{ literal: string } | { expression: string }> {
  const parts: Array<{ literal: string } | { expression: string }> = [];
  let at = 0;
  while (at < text.length) {
    const start = text.indexOf('${{', at);
    if (start < 0) break;
    let i = start + 3;
    let quoted = false;
    for (; i < text.length; i++) {
      if (text[i] === "'") quoted = !quoted;
      else if (!quoted && text.startsWith('}}', i)) break;
    }
    if (i >= text.length) throw new UserError(`Unclosed \${{ in: ${text}`);
    if (start > at) parts.push({ literal: text.slice(at, start) });
    parts.push({ expression: text.slice(start + 3, i) });
    at = i + 2;
  }
  if (at < text.length) parts.push({ literal: text.slice(at) });
  return parts;
}

/**
 * Expands a value that may hold `${{ }}` expressions. A value that is exactly one
 * expression keeps its type (a number, an object); otherwise the pieces are
 * joined as strings, as the runner does.
 */
export function interpolate(text: string, contexts: Contexts, status?: StatusFunctions): ContextValue {
  const parts = splitTemplate(text);
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only && 'expression' in only) return toPlain(evaluateExpression(only.expression, contexts, status));
  return parts
    .map((part) =>
      'literal' in part ? part.literal : evaluateExpression(part.expression, contexts, status).coerceString(),
    )
    .join('');
}

/** Expands to a string, as inputs, env values and scripts are. */
export function interpolateString(text: string, contexts: Contexts, status?: StatusFunctions): string {
  const value = interpolate(text, contexts, status);
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * Evaluates an `if:` condition. Like the runner, a condition without a status
 * function is treated as `success() && (<condition>)`, and `${{ }}` around the
 * whole condition is optional.
 */
export function evaluateCondition(
  condition: string | boolean | undefined,
  contexts: Contexts,
  status: StatusFunctions,
): boolean {
  if (condition === undefined || condition === '') return status.success;
  if (typeof condition === 'boolean') return condition && status.success;
  let text = condition.trim();
  const whole = /^\$\{\{([\s\S]*)\}\}$/.exec(text);
  if (whole && !whole[1]!.includes('${{')) text = whole[1]!;
  else if (text.includes('${{'))
    return truthy(data.reviver('', interpolateString(text, contexts, status))) && status.success;
  const expression = STATUS_FUNCTION.test(text) ? text : `success() && (${text})`;
  return truthy(evaluateExpression(expression, contexts, status));
}
