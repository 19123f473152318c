/** JSON as the API server sees it: objects are records, everything else is narrowed on use. */
export type Obj = Record<string, unknown>;

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object at `key`, created empty when missing (for building responses). */
export function child(parent: Obj, key: string): Obj {
  const value = parent[key];
  if (isObj(value)) return value;
  const created: Obj = {};
  parent[key] = created;
  return created;
}

export function objAt(parent: unknown, ...keys: string[]): Obj | undefined {
  let current: unknown = parent;
  for (const key of keys) {
    if (!isObj(current)) return undefined;
    current = current[key];
  }
  return isObj(current) ? current : undefined;
}

export function stringAt(parent: unknown, ...keys: string[]): string | undefined {
  const last = keys.at(-1);
  if (last === undefined) return undefined;
  const holder = objAt(parent, ...keys.slice(0, -1));
  const value = holder?.[last];
  return typeof value === 'string' ? value : undefined;
}

export function numberAt(parent: unknown, ...keys: string[]): number | undefined {
  const last = keys.at(-1);
  if (last === undefined) return undefined;
  const holder = objAt(parent, ...keys.slice(0, -1));
  const value = holder?.[last];
  return typeof value === 'number' ? value : undefined;
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

export function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObj(value)) return out;
  for (const [key, entry] of Object.entries(value)) if (typeof entry === 'string') out[key] = entry;
  return out;
}
