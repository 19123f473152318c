/**
 * Reads a regular expression input: either a bare pattern (`^ok$`) or the
 * literal form with flags (`/^ok$/i`). Throws a SyntaxError with the engine's
 * reason when the pattern does not compile.
 */
export function parseRegex(text: string): RegExp {
  const literal = /^\/(.*)\/([dgimsuvy]*)$/s.exec(text);
  if (literal) return new RegExp(literal[1] as string, (literal[2] as string).replace(/[gy]/g, ''));
  return new RegExp(text);
}

/** Why a pattern does not compile, without the engine's repeated pattern text. */
export function regexProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
}
