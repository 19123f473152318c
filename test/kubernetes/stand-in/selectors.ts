import { stringAt, type Obj } from './json';

/** `a=b,c!=d` field selectors on the fields kubectl and deploy-kit use. */
export function matchesFieldSelector(object: Obj, selector: string | null): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const negated = term.includes('!=');
    const [path = '', value = ''] = term.split(negated ? '!=' : /==?/);
    const actual = stringAt(object, ...path.split('.')) ?? '';
    return negated ? actual !== value : actual === value;
  });
}

/** Equality label selectors (`app=api,tier!=db`) and `key in (a,b)` sets. */
export function matchesLabelSelector(object: Obj, selector: string | null): boolean {
  if (!selector) return true;
  const labels = (object.metadata as Obj | undefined)?.labels as Record<string, string> | undefined;
  const terms = selector.match(/[^,(]+(\([^)]*\))?/g) ?? [];
  return terms.every((raw) => {
    const term = raw.trim();
    const set = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (set) {
      const values = (set[3] ?? '').split(',').map((v) => v.trim());
      const has = values.includes(labels?.[set[1] ?? ''] ?? '\u0000');
      return set[2] === 'in' ? has : !has;
    }
    if (term.includes('!=')) {
      const [key = '', value] = term.split('!=');
      return labels?.[key] !== value;
    }
    if (term.includes('=')) {
      const [key = '', value] = term.split(/==?/);
      return labels?.[key] === value;
    }
    return term.startsWith('!') ? labels?.[term.slice(1)] === undefined : labels?.[term] !== undefined;
  });
}
