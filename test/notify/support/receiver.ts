import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as a webhook receiver saw it. */
export interface Received {
  method: string;
  /** Path and query, e.g. `/api/webhooks/1/abc?wait=true`. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The exact body bytes as text (HMAC checks need the exact bytes). */
  body: string;
}

/** What the receiver answers; `hang` never answers, to exercise timeouts. */
export type Reply = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

export interface Receiver {
  /** `http://127.0.0.1:PORT<path>` */
  url(path: string): string;
  requests: Received[];
  stop(): Promise<void>;
}

/** A real HTTP server on loopback that records every request and answers as scripted. */
export async function startReceiver(
  respond: (request: Received, index: number) => Reply | Promise<Reply>,
): Promise<Receiver> {
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const received: Received = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      const reply = await respond(received, requests.length - 1);
      if (reply === 'hang' || res.destroyed) return;
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
