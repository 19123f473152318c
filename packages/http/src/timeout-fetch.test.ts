import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeFetchError, fetchWithTimeout, TimeoutError } from './timeout-fetch';

// A real server on loopback: one route answers at once, one sends headers and
// then stalls the body, one never answers.
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/ok') res.end('hello');
    else if (req.url === '/stall-body') {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
    }
    // /silent: never answers
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

describe('fetchWithTimeout', () => {
  it('returns the status and the whole body', async () => {
    const { response, body } = await fetchWithTimeout(`${base}/ok`, { timeoutMs: 2000 });
    expect(response.status).toBe(200);
    expect(body.toString()).toBe('hello');
  });

  it.each(['/silent', '/stall-body'])('times out on %s, body included', async (path) => {
    const error = await fetchWithTimeout(`${base}${path}`, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(describeFetchError(error)).toBe(`No answer from ${base}${path} within 300ms`);
  });

  it('explains a refused connection by its code', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    const error = await fetchWithTimeout(`http://127.0.0.1:${port}/`, { timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(describeFetchError(error)).toMatch(/ECONNREFUSED/);
  });
});
