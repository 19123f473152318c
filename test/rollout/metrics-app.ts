import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How one simulated release behaves between two scrapes. */
export interface Traffic {
  /** Requests answered per scrape interval. */
  requests: number;
  /** Of which answered 500. */
  errors: number;
  /** How long each request took, in seconds (all fall in one histogram bucket). */
  latencySeconds: number;
}

const BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

class Release {
  private ok = 0;
  private failed = 0;
  private sum = 0;
  private readonly buckets = BUCKETS.map(() => 0);

  constructor(public traffic: Traffic) {}

  /** Counts one interval of traffic, then renders the counters in Prometheus' text format. */
  scrape(): string {
    const { requests, errors, latencySeconds } = this.traffic;
    this.ok += requests - errors;
    this.failed += errors;
    this.sum += requests * latencySeconds;
    BUCKETS.forEach((le, i) => {
      if (latencySeconds <= le) this.buckets[i]! += requests;
    });
    const count = this.ok + this.failed;
    return [
      '# TYPE http_requests_total counter',
      `http_requests_total{code="200"} ${this.ok}`,
      `http_requests_total{code="500"} ${this.failed}`,
      '# TYPE http_request_duration_seconds histogram',
      ...BUCKETS.map((le, i) => `http_request_duration_seconds_bucket{le="${le}"} ${this.buckets[i]}`),
      `http_request_duration_seconds_bucket{le="+Inf"} ${count}`,
      `http_request_duration_seconds_sum ${this.sum}`,
      `http_request_duration_seconds_count ${count}`,
      '',
    ].join('\n');
  }
}

export interface MetricsApp {
  /** host:port */
  target: string;
  url: string;
  /** Changes how a release behaves from its next scrape on (e.g. a canary that starts failing). */
  setTraffic(name: string, traffic: Traffic): void;
  stop(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 standing in for the app's (or the proxy's) /metrics: one
 * path per release, `/metrics/<name>`, whose counters move by one interval of `traffic` at
 * each scrape, so rates are exact whatever the scrape timing; and `/health`, answering 200.
 */
export async function startMetricsApp(releases: Record<string, Traffic>): Promise<MetricsApp> {
  const state = new Map(Object.entries(releases).map(([name, traffic]) => [name, new Release(traffic)]));
  const server: Server = createServer((req, res) => {
    const name = /^\/metrics\/([\w-]+)$/.exec(req.url ?? '')?.[1];
    const release = name ? state.get(name) : undefined;
    if (release) {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(release.scrape());
    } else if (req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"ok"}');
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const target = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    target,
    url: `http://${target}`,
    setTraffic: (name, traffic) => {
      const release = state.get(name);
      if (!release) throw new Error(`no release ${name}`);
      release.traffic = traffic;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
