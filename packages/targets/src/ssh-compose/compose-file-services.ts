import { isMap, isScalar, parseDocument, type YAMLMap } from 'yaml';

/**
 * The compose services one compose file defines, read from its text: the
 * names `compose config --services` would list, without starting compose on
 * the host (Python Compose v1 takes 0.5-2 s to do it, on the deploy's
 * critical path). Only a file whose services are plain keys is read here;
 * anything that makes the answer depend on compose itself gives undefined,
 * and the caller asks compose:
 * - not one YAML document, duplicate keys, anything YAML refuses;
 * - a top-level `include` (services from other files) or merge key;
 * - a service that is not a plain mapping, or that has `profiles` (listed or
 *   not depending on the active profiles), `extends` (may bring profiles) or
 *   a merge key (may bring either);
 * - a name compose would refuse or a YAML 1.1 reader takes for a boolean or
 *   number, or no services at all (compose fails).
 * Which files compose reads (one file, no COMPOSE_FILE or COMPOSE_PROFILES)
 * is decided on the host, by the probe.
 */
export function composeFileServices(text: string): string[] | undefined {
  const document = parseDocument(text, { uniqueKeys: true, merge: false });
  if (document.errors.length > 0) return undefined;
  const root = document.contents;
  if (!isMap(root)) return undefined;
  const topKeys = keysOf(root);
  if (topKeys === undefined || topKeys.includes('include') || topKeys.includes('<<')) return undefined;
  const services = root.get('services', true);
  if (!isMap(services) || services.items.length === 0) return undefined;
  const names: string[] = [];
  for (const pair of services.items) {
    const name = isScalar(pair.key) ? pair.key.value : undefined;
    if (typeof name !== 'string' || !SERVICE_NAME.test(name) || READ_OTHERWISE.test(name)) return undefined;
    if (!isMap(pair.value)) return undefined;
    const fields = keysOf(pair.value);
    if (fields === undefined || fields.some((field) => DEPENDS_ON_COMPOSE.has(field))) return undefined;
    names.push(name);
  }
  return names;
}

/** Compose's own rule for a service name. */
const SERVICE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/;

/** Names a YAML 1.1 reader (Compose v1's PyYAML) takes for a boolean or a number, not a string. */
const READ_OTHERWISE = /^([0-9].*|y|yes|n|no|on|off|true|false|null)$/i;

/** Service fields that can change whether or how compose lists the service. */
const DEPENDS_ON_COMPOSE = new Set(['profiles', 'extends', '<<']);

/** A mapping's keys when every key is a plain string; undefined otherwise. */
function keysOf(map: YAMLMap): string[] | undefined {
  const keys: string[] = [];
  for (const pair of map.items) {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string') return undefined;
    keys.push(pair.key.value);
  }
  return keys;
}
