import { UserError } from '@deploy-kit/action-kit';
import type { ProxySettings } from '@deploy-kit/rollout';

/**
 * How deploy-kit reaches the reverse proxy on one host. Only nginx is driven today: its
 * `nginx -t` validates the whole configuration before anything changes, and `nginx -s reload`
 * starts new workers on the new configuration while the old ones finish their requests in
 * flight (docs/rollouts.md says why it was chosen).
 */
export interface ProxyOnHost {
  kind: 'nginx';
  /** Where nginx runs: a service of the compose project (commands via `compose exec`), or on the host. */
  runs: { kind: 'compose'; service: string } | { kind: 'host' };
  /** The one upstream deploy-kit owns, e.g. `api`. */
  upstream: string;
  /**
   * The file deploy-kit writes (and only that one): absolute, or relative to the project
   * folder. The user's configuration includes it.
   */
  configFile: string;
}

/** Where the upstream file goes when `config-file` is not set. */
export function defaultConfigFile(runs: ProxyOnHost['runs'], upstream: string): string {
  // On the host: Debian's nginx includes /etc/nginx/conf.d/*.conf in `http {}` out of the box.
  // In compose: a file in the project, which the user mounts into the proxy's conf.d.
  return runs.kind === 'host'
    ? `/etc/nginx/conf.d/deploy-kit-${upstream}.conf`
    : `deploy-kit/nginx/deploy-kit-${upstream}.conf`;
}

/**
 * The proxy settings from the environment's resolved `strategy.proxy`. A proxy kind deploy-kit cannot
 * drive yet is refused by name, before anything runs (`where` is the setting's path).
 */
export function proxySettingsFrom(entry: ProxySettings, where: string): ProxyOnHost {
  if (entry.kind !== 'nginx') {
    throw new UserError(
      `${where}.kind: ${entry.kind} cannot be driven by deploy-kit yet; expected nginx (see docs/rollouts.md)`,
    );
  }
  const runs: ProxyOnHost['runs'] =
    entry.runs === 'host' ? { kind: 'host' } : { kind: 'compose', service: entry.service ?? 'proxy' };
  return {
    kind: 'nginx',
    runs,
    upstream: entry.upstream,
    configFile: entry.configFile ?? defaultConfigFile(runs, entry.upstream),
  };
}
