/**
 * Quotes one word for a POSIX shell. Remote commands travel to the host as a
 * single string that the remote shell parses again, so every value we did
 * not write ourselves (paths, image references, service names) goes through
 * here.
 */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Joins words into one shell command line, each quoted. */
export function shellJoin(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
