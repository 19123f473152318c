import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A registry that lets anyone pull but refuses every write with 403 DENIED, as
 * GHCR does for a token without `packages: write`: reads are passed to the real
 * registry behind it, writes are answered by the proxy.
 */
export async function startReadOnlyProxy(upstream: string): Promise<{ host: string; stop(): Promise<void> }> {
  const [upstreamHost, upstreamPort] = upstream.split(':') as [string, string];
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      req.resume();
      res.writeHead(403, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 'DENIED', message: 'requested access to the resource is denied' }] }));
      return;
    }
    const forward = request(
      { host: upstreamHost, port: Number(upstreamPort), path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
