/**
 * The one file deploy-kit owns in an nginx configuration: an `upstream` block, included by
 * the user's configuration (which proxies to it with `proxy_pass http://<upstream>;`).
 * Nothing else of the user's configuration is ever written.
 */

/** One server of the upstream: a release's published port on the host, with its share. */
export interface UpstreamServer {
  /** `127.0.0.1:PORT` */
  address: string;
  /** Relative weight; a server with weight 0 is left out (nginx has no weight 0). */
  weight: number;
}

/** What the upstream routes to, as the file's first line records it (read back by the next run). */
export interface UpstreamMarker {
  /** The colour taking the traffic (all of it, or the stable side of a canary). */
  live: string;
  /** With a canary running: the canary's colour and its weight in percent. */
  canary?: { colour: string; weight: number };
}

const MARKER = '# deploy-kit:';

export function renderUpstream(name: string, marker: UpstreamMarker, servers: readonly UpstreamServer[]): string {
  const routed = servers.filter((server) => server.weight > 0);
  if (routed.length === 0) throw new Error(`upstream ${name}: no server with a weight above 0`);
  const canary = marker.canary ? ` canary=${marker.canary.colour}@${marker.canary.weight}` : '';
  return [
    `${MARKER} live=${marker.live}${canary}`,
    '# Written by deploy-kit (blue-green / canary); every deploy replaces this file. Do not edit.',
    `upstream ${name} {`,
    // A lone server needs no weight; the weights only matter while a canary splits the traffic.
    ...routed.map((server) =>
      routed.length === 1 ? `    server ${server.address};` : `    server ${server.address} weight=${server.weight};`,
    ),
    // Idle connections to the servers are kept, so a request does not pay for a new TCP connection.
    '    keepalive 16;',
    '}',
    '',
  ].join('\n');
}

/** The marker of an upstream file deploy-kit wrote, or undefined (no file, or not ours). */
export function parseUpstreamMarker(text: string | undefined): UpstreamMarker | undefined {
  const first = text?.split('\n')[0] ?? '';
  const match = /^# deploy-kit: live=([a-z]+)(?: canary=([a-z]+)@(\d+))?$/.exec(first.trim());
  if (!match) return undefined;
  const [, live, colour, weight] = match;
  return { live: live!, ...(colour && weight ? { canary: { colour, weight: Number(weight) } } : {}) };
}

/**
 * The servers for a canary at `weight` percent: the stable release keeps the rest. At 0 only
 * the stable one is listed, at 100 only the canary.
 */
export function canaryServers(stable: string, canary: string, weight: number): UpstreamServer[] {
  return [
    { address: stable, weight: 100 - weight },
    { address: canary, weight },
  ];
}
