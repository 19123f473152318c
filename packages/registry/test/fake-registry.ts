import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  path: string;
  authorization?: string;
  contentType?: string;
  accept?: string;
  body: Buffer;
}

export type Handler = (request: SeenRequest, response: ServerResponse, base: string) => void;

/**
 * A node:http stand-in for registry behaviour the real registry cannot be
 * made to show (token endpoints, expiring tokens, 5xx, stalls). Records every
 * request so tests can assert what the client actually sent.
 */
export async function startFakeRegistry(
  handler: Handler,
): Promise<{ host: string; seen: SeenRequest[]; stop(): Promise<void> }> {
  const seen: SeenRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: SeenRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        accept: req.headers.accept,
        body: Buffer.concat(chunks),
      };
      seen.push(request);
      try {
        handler(request, res, `http://${host}`);
      } catch (error) {
        // A broken test handler must fail the test at once, not stall it into timeouts.
        reply(res, 418, {}, `fake registry handler threw: ${String(error)}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    seen,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function reply(res: ServerResponse, status: number, headers: Record<string, string> = {}, body = ''): void {
  res.writeHead(status, headers);
  res.end(body);
}
