/**
 * Dot/bracket paths into a JSON document: `checks.database.status`,
 * `items[0].name`, `["key.with.dots"]`, `$.version`. Parsed once, when the
 * inputs are read, so a typo fails the step before any request.
 */
export type PathSegment = string | number;

export interface ParsedPath {
  segments: PathSegment[];
  /** Characters of the source consumed by the path. */
  length: number;
}

/** Characters that end a bare name: separators, operators, quotes, whitespace. */
const NAME = /^[^\s.[\]=!~"']+/;

export class PathSyntaxError extends Error {
  override name = 'PathSyntaxError';
}

/** Reads a path from the start of `text`; the rest is left to the caller. */
export function readPath(text: string): ParsedPath {
  const segments: PathSegment[] = [];
  let at = 0;
  if (text.startsWith('$')) {
    at = 1;
  } else if (!text.startsWith('[')) {
    const name = NAME.exec(text);
    if (!name) throw new PathSyntaxError('expected a JSON path such as status or checks.database.status');
    segments.push(name[0]);
    at = name[0].length;
  }
  for (;;) {
    const rest = text.slice(at);
    if (rest.startsWith('[')) {
      const bracket = readBracket(rest);
      segments.push(bracket.segment);
      at += bracket.length;
    } else if (rest.startsWith('.')) {
      const name = NAME.exec(rest.slice(1));
      if (!name) throw new PathSyntaxError(`expected a name after "." at position ${at + 1}`);
      segments.push(name[0]);
      at += 1 + name[0].length;
    } else {
      return { segments, length: at };
    }
  }
}

function readBracket(text: string): { segment: PathSegment; length: number } {
  const index = /^\[\s*(-?\d+)\s*\]/.exec(text);
  if (index) return { segment: Number(index[1]), length: index[0].length };
  const double = /^\[\s*("(?:[^"\\]|\\.)*")\s*\]/.exec(text);
  if (double) {
    try {
      return { segment: JSON.parse(double[1] as string) as string, length: double[0].length };
    } catch {
      throw new PathSyntaxError(`bad quoted key ${double[1]}`);
    }
  }
  const single = /^\[\s*'((?:[^'\\]|\\.)*)'\s*\]/.exec(text);
  if (single) return { segment: (single[1] as string).replace(/\\(.)/g, '$1'), length: single[0].length };
  throw new PathSyntaxError('expected [NUMBER], ["key"] or [\'key\'] after "["');
}

/** Parses a whole string as a path (nothing may follow it). */
export function parsePath(text: string): PathSegment[] {
  const trimmed = text.trim();
  const parsed = readPath(trimmed);
  if (parsed.length !== trimmed.length) {
    throw new PathSyntaxError(`unexpected "${trimmed.slice(parsed.length)}" in path`);
  }
  return parsed.segments;
}

/** Writes a path back in the canonical dot/bracket form, for messages. */
export function formatPath(segments: readonly PathSegment[]): string {
  if (segments.length === 0) return '$';
  return segments
    .map((segment, i) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (/^[A-Za-z_$][\w$-]*$/.test(segment)) return i === 0 ? segment : `.${segment}`;
      return `[${JSON.stringify(segment)}]`;
    })
    .join('');
}

export type Lookup = { found: true; value: unknown } | { found: false; missing: string };

/** Follows a path; says which part was missing when it cannot. */
export function lookupPath(document: unknown, segments: readonly PathSegment[]): Lookup {
  let current: unknown = document;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as PathSegment;
    const here = formatPath(segments.slice(0, i + 1));
    if (Array.isArray(current) && typeof segment === 'number') {
      const index = segment < 0 ? current.length + segment : segment;
      if (index < 0 || index >= current.length) return { found: false, missing: here };
      current = current[index];
    } else if (current !== null && typeof current === 'object' && !Array.isArray(current)) {
      const key = String(segment);
      if (!Object.prototype.hasOwnProperty.call(current, key)) return { found: false, missing: here };
      current = (current as Record<string, unknown>)[key];
    } else {
      return { found: false, missing: here };
    }
  }
  return { found: true, value: current };
}
