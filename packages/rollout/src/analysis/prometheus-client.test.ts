import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { Clock } from '../ports';
import { queryPrometheus, type PrometheusClientOptions } from './prometheus-client';

// A real HTTP peer on loopback that answers as scripted, one answer per request.
type Reply = (req: IncomingMessage, res: ServerResponse) => void;
let server: Server | undefined;
const seen: string[] = [];

async function serve(replies: Reply[]): Promise<string> {
  seen.length = 0;
  let n = 0;
  server = createServer((req, res) => {
    seen.push(req.url ?? '');
    const reply = replies[Math.min(n++, replies.length - 1)]!;
    reply(req, res);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

const json =
  (status: number, body: unknown): Reply =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
const vector = (value: string) =>
  json(200, {
    status: 'success',
    data: { resultType: 'vector', result: [{ metric: { job: 'api' }, value: [1, value] }] },
  });

// Waits are recorded, not slept: the backoff is asserted, not timed.
const waits: number[] = [];
const clock: Clock = { now: () => 0, sleep: async (ms) => void waits.push(ms) };
const options = (url: string): PrometheusClientOptions => ({
  url,
  timeoutMs: 2000,
  retry: { attempts: 3, initialDelayMs: 100, factor: 2 },
});

describe('queryPrometheus', () => {
  it('sends the query to /api/v1/query and parses a vector, NaN included', async () => {
    const url = await serve([vector('NaN')]);
    const answer = await queryPrometheus(options(`${url}/prefix`), 'sum(up{job="api"})', { clock });
    expect(answer).toEqual({
      kind: 'ok',
      result: { kind: 'vector', samples: [{ labels: { job: 'api' }, value: Number.NaN }] },
    });
    const sent = new URL(seen[0]!, url);
    expect(sent.pathname).toBe('/prefix/api/v1/query');
    expect(sent.searchParams.get('query')).toBe('sum(up{job="api"})');
  });

  it('sends user:password from the URL as Basic auth, and never shows them', async () => {
    let authorization: string | undefined;
    const url = await serve([
      (req, res) => {
        authorization = req.headers.authorization;
        vector('1')(req, res);
      },
    ]);
    const withCredentials = url.replace('http://', 'http://reader:s%40cret@');
    expect(await queryPrometheus(options(withCredentials), 'x', { clock })).toMatchObject({ kind: 'ok' });
    expect(authorization).toBe(`Basic ${Buffer.from('reader:s@cret').toString('base64')}`);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const failed = await queryPrometheus(options(withCredentials), 'x', { clock });
    expect(failed.kind === 'error' && failed.message).not.toMatch(/reader|cret/);
  });

  it('parses a scalar', async () => {
    const url = await serve([json(200, { status: 'success', data: { resultType: 'scalar', result: [1, '0.25'] } })]);
    expect(await queryPrometheus(options(url), '0.25', { clock })).toEqual({
      kind: 'ok',
      result: { kind: 'scalar', value: 0.25 },
    });
  });

  it('retries a 503 with backoff, then succeeds', async () => {
    waits.length = 0;
    const url = await serve([json(503, { status: 'error', error: 'busy' }), json(503, {}), vector('0.5')]);
    const answer = await queryPrometheus(options(url), 'x', { clock });
    expect(answer).toMatchObject({ kind: 'ok' });
    expect(seen).toHaveLength(3);
    expect(waits).toEqual([100, 200]);
  });

  it('gives up after the attempts with the last reason, without throwing', async () => {
    const url = await serve([json(500, { status: 'error', error: 'query timed out' })]);
    const answer = await queryPrometheus(options(url), 'x', { clock });
    expect(answer).toEqual({
      kind: 'error',
      cause: 'unreachable',
      attempts: 3,
      message: `Prometheus at ${url} answered HTTP 500: query timed out`,
    });
  });

  it('retries a request that gets no answer within its timeout', async () => {
    const url = await serve([() => undefined, vector('1')]);
    const answer = await queryPrometheus({ ...options(url), timeoutMs: 300 }, 'x', { clock });
    expect(answer).toMatchObject({ kind: 'ok' });
    expect(seen).toHaveLength(2);
  });

  it('does not retry a query Prometheus refuses (400 bad_data)', async () => {
    const url = await serve([json(400, { status: 'error', errorType: 'bad_data', error: 'parse error at char 3' })]);
    const answer = await queryPrometheus(options(url), 'su(', { clock });
    expect(answer).toEqual({
      kind: 'error',
      cause: 'refused',
      attempts: 1,
      message: 'Prometheus refused the query: parse error at char 3',
    });
    expect(seen).toHaveLength(1);
  });

  it('calls an answer that is not Prometheus JSON unreadable, without retrying', async () => {
    const url = await serve([(_req, res) => res.end('<html>login</html>')]);
    expect(await queryPrometheus(options(url), 'x', { clock })).toMatchObject({
      kind: 'error',
      cause: 'unreadable',
      attempts: 1,
    });
  });

  it('reports a refused connection after retrying', async () => {
    const url = await serve([vector('1')]);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const answer = await queryPrometheus(options(url), 'x', { clock });
    expect(answer).toMatchObject({
      kind: 'error',
      cause: 'unreachable',
      attempts: 3,
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });
});
