import { z } from 'zod';

/**
 * The keys the schema accepts for the map at `path` of `data`, for the "did you mean" hint on an
 * unknown key. Walks the schema the way zod walked the data (a target's keys depend on its kind).
 */
export function knownKeysAt(schema: z.ZodType, data: unknown, path: readonly PropertyKey[]): string[] {
  let current: z.ZodType | undefined = schema;
  let value: unknown = data;
  for (const segment of path) {
    current = unwrap(current, value);
    value = isRecord(value) || Array.isArray(value) ? (value as Record<PropertyKey, unknown>)[segment] : undefined;
    if (current instanceof z.ZodObject) current = (current.shape as Record<string, z.ZodType>)[String(segment)];
    else if (current instanceof z.ZodRecord) current = current.valueType as z.ZodType;
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else return [];
  }
  const found = unwrap(current, value);
  return found instanceof z.ZodObject ? Object.keys(found.shape) : [];
}

function unwrap(schema: z.ZodType | undefined, value: unknown): z.ZodType | undefined {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodPrefault) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodDiscriminatedUnion) {
      const kind = isRecord(value) ? value.kind : undefined;
      current = (current.options as z.ZodType[]).find(
        (option) =>
          option instanceof z.ZodObject && (option.shape as Record<string, z.ZodType>).kind?.safeParse(kind).success,
      );
    } else {
      return current;
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
