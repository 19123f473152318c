import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { Clock } from '../ports';
import { analyseStep, type AnalysisSettings } from './analyse';

// A real HTTP server answering Prometheus' instant-query JSON with scripted values, one per request.
let server: Server | undefined;
async function prometheusAnswering(values: string[]): Promise<string> {
  let n = 0;
  server = createServer((_req, res) => {
    const value = values[Math.min(n++, values.length - 1)]!;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        status: 'success',
        data: { resultType: 'vector', result: [{ metric: {}, value: [1, value] }] },
      }),
    );
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

const sleeps: number[] = [];
const clock: Clock = { now: () => 0, sleep: async (ms) => void sleeps.push(ms) };
const lines: string[] = [];
const log = { info: (line: string) => lines.push(line), warning: (line: string) => lines.push(line) };

function settings(url: string, overrides: Partial<AnalysisSettings>): AnalysisSettings {
  return {
    prometheus: { url, timeoutMs: 2000, retry: { attempts: 1, initialDelayMs: 0 } },
    metrics: [{ name: 'error-ratio', query: 'q', max: 0.01 }],
    count: 1,
    intervalMs: 10_000,
    failureLimit: 0,
    onInconclusive: 'fail',
    ...overrides,
  };
}

describe('analyseStep', () => {
  it('takes count rounds, interval apart, and tolerates failures up to failure-limit', async () => {
    sleeps.length = 0;
    const url = await prometheusAnswering(['0.5', '0.001', '0.002']);
    const result = await analyseStep(settings(url, { count: 3, failureLimit: 1 }), { clock, log });
    expect(result).toMatchObject({ kind: 'success', failures: 1 });
    expect(result.measurements.map((m) => m.kind)).toEqual(['failure', 'success', 'success']);
    expect(sleeps).toEqual([10_000, 10_000]);
  });

  it('stops measuring once failures pass the limit: the answer cannot change', async () => {
    sleeps.length = 0;
    const url = await prometheusAnswering(['0.5', '0.5', '0.001']);
    const result = await analyseStep(settings(url, { count: 3, failureLimit: 1 }), { clock, log });
    expect(result).toMatchObject({ kind: 'failure', failures: 2 });
    expect(result.measurements).toHaveLength(2);
    expect(sleeps).toEqual([10_000]);
  });

  it('logs one line per measurement with the value and the threshold', async () => {
    lines.length = 0;
    const url = await prometheusAnswering(['0.004']);
    await analyseStep(settings(url, {}), { clock, log });
    expect(lines).toEqual(['error-ratio: success (0.004 <= 0.01)']);
  });

  it('calls metrics without a Prometheus URL inconclusive rather than skipping them', async () => {
    const result = await analyseStep({ ...settings('http://unused', {}), prometheus: undefined }, { clock, log });
    expect(result).toMatchObject({ kind: 'inconclusive', decision: 'abort' });
    expect(result.measurements[0]).toMatchObject({ reason: 'no Prometheus URL is set' });
  });
});
