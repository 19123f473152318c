/** What a registry asked for in `WWW-Authenticate` on a 401. */
export type AuthChallenge = { scheme: 'bearer'; realm: string; service?: string; scope?: string } | { scheme: 'basic' };

/**
 * Parses the first usable challenge of a `WWW-Authenticate` header, e.g.
 * `Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:o/r:pull"`.
 * Quoted values may hold commas (`pull,push`), so this is a small tokenizer
 * rather than a split.
 */
export function parseChallenge(header: string | null | undefined): AuthChallenge | undefined {
  if (!header) return undefined;
  const match = /^\s*([A-Za-z][\w-]*)\s*(.*)$/s.exec(header);
  if (!match) return undefined;
  const scheme = (match[1] as string).toLowerCase();
  if (scheme === 'basic') return { scheme: 'basic' };
  if (scheme !== 'bearer') return undefined;
  const params = parseParams(match[2] as string);
  const realm = params.get('realm');
  if (!realm) return undefined;
  const challenge: AuthChallenge = { scheme: 'bearer', realm };
  const service = params.get('service');
  const scope = params.get('scope');
  if (service) challenge.service = service;
  if (scope) challenge.scope = scope;
  return challenge;
}

function parseParams(text: string): Map<string, string> {
  const params = new Map<string, string>();
  const pattern = /\s*([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?/gy;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const value = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
    params.set((m[1] as string).toLowerCase(), value);
    if (pattern.lastIndex >= text.length) break;
  }
  return params;
}
