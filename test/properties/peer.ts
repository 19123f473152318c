import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * One local HTTP server standing in for every peer an action could reach
 * (GitHub's API, the registry, a webhook, the health URL, even the ssh port):
 * it records every connection, so a test can assert that none was made.
 */
export interface RecordingPeer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `127.0.0.1:PORT`, as a registry host. */
  host: string;
  port: number;
  /** Connections opened, whatever was sent on them. */
  connections: () => number;
  /** `METHOD path` of each request received. */
  requests: string[];
  stop: () => Promise<void>;
}

export async function startRecordingPeer(): Promise<RecordingPeer> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    response.writeHead(500, { 'content-type': 'text/plain' }).end('bad-input tests expect no request');
  });
  server.on('connection', (socket: Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    port,
    connections: () => connections,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
