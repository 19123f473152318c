import { UserError } from '@deploy-kit/action-kit';
import { interpolate, type ContextValue, type Contexts } from './expressions';

export type Combination = Record<string, ContextValue>;

type Plain = Record<string, ContextValue>;

function isObject(value: ContextValue): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A YAML value in which any string may be a `${{ }}` expression (fromJSON(...) and the like). */
function evaluate(value: unknown, contexts: Contexts): ContextValue {
  if (typeof value === 'string') return value.includes('${{') ? interpolate(value, contexts) : value;
  if (Array.isArray(value)) return value.map((item) => evaluate(item, contexts));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, evaluate(item, contexts)]));
  }
  return value as ContextValue;
}

const same = (a: ContextValue, b: ContextValue): boolean => JSON.stringify(a) === JSON.stringify(b);

function objectList(value: ContextValue, what: string): Plain[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every(isObject))
    throw new UserError(`strategy.matrix.${what} must be a list of objects`);
  return value;
}

/**
 * Every combination of a job's `strategy.matrix`, in the order GitHub lists them:
 * the product of the lists (first key varying slowest), minus `exclude` entries
 * (an entry removes each combination it matches on all of its keys), then `include`:
 * an entry extends each combination whose original values it does not contradict, and
 * becomes a combination of its own when it extends none.
 */
export function expandMatrix(raw: unknown, contexts: Contexts): Combination[] {
  const matrix = evaluate(raw, contexts);
  if (!isObject(matrix)) throw new UserError('strategy.matrix must be a mapping (or an expression giving one)');
  const { include, exclude, ...lists } = matrix;
  let combinations: Combination[] = [{}];
  for (const [key, values] of Object.entries(lists)) {
    if (!Array.isArray(values) || values.length === 0) {
      throw new UserError(`strategy.matrix.${key} must be a non-empty list`);
    }
    combinations = combinations.flatMap((combination) => values.map((value) => ({ ...combination, [key]: value })));
  }
  const keys = Object.keys(lists);
  if (keys.length === 0) combinations = [];
  const excluded = objectList(exclude, 'exclude');
  combinations = combinations.filter(
    (combination) =>
      !excluded.some((entry) => Object.entries(entry).every(([k, v]) => same(combination[k] ?? null, v))),
  );
  const original = combinations.map((combination) => ({ ...combination }));
  for (const entry of objectList(include, 'include')) {
    let extended = false;
    original.forEach((values, index) => {
      const fits = Object.entries(entry).every(([k, v]) => !keys.includes(k) || same(values[k] ?? null, v));
      if (!fits) return;
      combinations[index] = { ...combinations[index], ...entry };
      extended = true;
    });
    if (!extended) combinations.push({ ...entry });
  }
  if (combinations.length === 0) throw new UserError('strategy.matrix has no combinations to run');
  return combinations;
}

/** How a combination is shown: `(20, ubuntu)`, as GitHub names matrix jobs. */
export function describeCombination(combination: Combination): string {
  const text = (value: ContextValue): string =>
    typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  return `(${Object.values(combination).map(text).join(', ')})`;
}
