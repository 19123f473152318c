// Event payloads arrive as untyped JSON; these read one field without trusting its type.

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectField(source: unknown, key: string): JsonObject | undefined {
  if (!isObject(source)) return undefined;
  const value = source[key];
  return isObject(value) ? value : undefined;
}

export function stringField(source: unknown, key: string): string | undefined {
  if (!isObject(source)) return undefined;
  const value = source[key];
  return typeof value === 'string' ? value : undefined;
}

export function booleanField(source: unknown, key: string): boolean | undefined {
  if (!isObject(source)) return undefined;
  const value = source[key];
  return typeof value === 'boolean' ? value : undefined;
}
