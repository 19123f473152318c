import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HttpPeer {
  url: string;
  received: Array<{ method: string; path: string; headers: IncomingMessage['headers']; body: string }>;
  stop(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 with a scripted handler: the app's health
 * endpoint, or a webhook receiver that records what it was sent.
 */
export async function startHttpPeer(
  handle: (req: IncomingMessage, body: string, res: ServerResponse) => void,
): Promise<HttpPeer> {
  const received: HttpPeer['received'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      handle(req, body, res);
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
