/**
 * Requests that create a new object on each call. Retrying one after a 5xx or
 * a lost answer can create a duplicate (two deployment records for one
 * deploy), so they are sent once and the caller decides what to do. Status
 * updates are not listed: a repeated status is harmless, a missing one leaves
 * a deployment shown as in progress forever.
 */
const CREATING_WRITES: RegExp[] = [/^\/repos\/[^/]+\/[^/]+\/deployments$/, /^\/repos\/[^/]+\/[^/]+\/releases$/];

export function isCreatingWrite(method: string, url: string): boolean {
  if (method.toUpperCase() !== 'POST') return false;
  const path = new URL(url, 'http://github.invalid').pathname.replace(/^\/api\/v3(?=\/)/, '');
  return CREATING_WRITES.some((pattern) => pattern.test(path));
}
