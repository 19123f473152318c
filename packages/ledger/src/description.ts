/** GitHub's limit on a deployment's and a deployment status's description, in characters. */
export const DESCRIPTION_LIMIT = 140;

/**
 * A description as GitHub will keep it: at most DESCRIPTION_LIMIT characters, on one line. A
 * longer one ends in `…`, so a reader of the deployments page sees it was cut instead of taking
 * a half sentence for the whole story.
 */
export function fitDescription(text: string): string {
  const line = text.replace(/\s*\n\s*/g, ' ').trim();
  // Counted in code points: GitHub counts characters, and a cut must not split a surrogate pair.
  const chars = [...line];
  return chars.length <= DESCRIPTION_LIMIT ? line : `${chars.slice(0, DESCRIPTION_LIMIT - 1).join('')}…`;
}
