import { afterEach, describe, expect, it } from '@jest/globals';
import { parseInputs } from '@deploy-kit/action-kit';
import {
  channelsFrom,
  notifyFields,
  notifySummarySections,
  sendNotifications,
  type Channel,
  type DeployEvent,
} from '@deploy-kit/notify';
import { startReceiver, type Receiver } from './support/receiver';

const event: DeployEvent = {
  status: 'success',
  environment: 'production',
  version: 'v1.2.0',
  repository: 'octo-org/hello-world',
  sha: 'ffac537e6cbbf934b08745a378932722df287a53',
  actor: 'octocat',
  runUrl: 'https://github.com/octo-org/hello-world/actions/runs/1',
  serverUrl: 'https://github.com',
};

const started: Receiver[] = [];
async function receiver(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
  const r = await startReceiver(...args);
  started.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((r) => r.stop()));
});

/** Runs the library in-process with waits recorded instead of slept. */
async function send(channels: Channel[], options: { attempts?: number } = {}) {
  const waits: number[] = [];
  const lines: string[] = [];
  const result = await sendNotifications(channels, event, {
    ...options,
    timeoutMs: 2000,
    log: (line) => lines.push(line),
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  return { result, waits, lines };
}

const webhookTo = (url: string) => channelsFrom(parseInputs(notifyFields, { 'webhook-url': url }));

describe('sendNotifications', () => {
  it('backs off exponentially between retries of a 5xx, up to the attempt limit', async () => {
    const hook = await receiver(() => ({ status: 503, body: 'busy' }));
    const { result, waits } = await send(webhookTo(hook.url('/h')), { attempts: 4 });
    expect(hook.requests).toHaveLength(4);
    expect(waits).toHaveLength(3);
    // 1s, 2s, 4s, each within the 20% jitter.
    [1000, 2000, 4000].forEach((base, i) => {
      expect(waits[i]).toBeGreaterThanOrEqual(base * 0.8);
      expect(waits[i]).toBeLessThanOrEqual(base * 1.2);
    });
    expect(result.failed).toEqual([
      { channel: 'webhook', reason: `${new URL(hook.url('/')).host}: HTTP 503: busy after 4 attempts` },
    ]);
  });

  it('waits what Retry-After asks in seconds, then delivers', async () => {
    const hook = await receiver((_r, i) =>
      i === 0 ? { status: 429, headers: { 'retry-after': '7' } } : { status: 200 },
    );
    const { result, waits } = await send(webhookTo(hook.url('/h')));
    expect(result.delivered).toEqual(['webhook']);
    expect(waits).toEqual([7000]);
    expect(hook.requests).toHaveLength(2);
  });

  it('reads Retry-After as an HTTP date too', async () => {
    const at = new Date(Date.now() + 20_000).toUTCString();
    const hook = await receiver((_r, i) =>
      i === 0 ? { status: 429, headers: { 'retry-after': at } } : { status: 200 },
    );
    const { result, waits } = await send(webhookTo(hook.url('/h')));
    expect(result.delivered).toEqual(['webhook']);
    // The date has one-second resolution and a moment has passed since it was made.
    expect(waits[0]).toBeGreaterThan(17_000);
    expect(waits[0]).toBeLessThanOrEqual(20_000);
  });

  it('stops at once when Retry-After is beyond the 30s limit', async () => {
    const hook = await receiver(() => ({ status: 429, headers: { 'retry-after': '120' } }));
    const { result, waits } = await send(webhookTo(hook.url('/h')));
    expect(hook.requests).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(result.failed[0]?.reason).toMatch(/HTTP 429 \(rate limited\); asked to wait 2m, longer than the 30s limit$/);
  });

  it('does not retry a 4xx other than 429', async () => {
    const hook = await receiver(() => ({ status: 410, body: 'channel_is_archived' }));
    const { result, waits } = await send(webhookTo(hook.url('/h')));
    expect(hook.requests).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(result.failed[0]?.reason).toMatch(/HTTP 410: channel_is_archived$/);
  });

  it('does not follow a redirect (a POST would become a GET elsewhere)', async () => {
    const hook = await receiver(() => ({ status: 302, headers: { location: 'http://127.0.0.1:1/elsewhere' } }));
    const { result } = await send(webhookTo(hook.url('/h')));
    expect(result.failed[0]?.reason).toMatch(/HTTP 302 redirect \(not followed: check the webhook URL\)$/);
  });

  it('sends to all channels at once: the first answers only after the second was reached', async () => {
    let reachSecond: () => void = () => undefined;
    const secondReached = new Promise<void>((resolve) => (reachSecond = resolve));
    // Sent one after the other, the first would wait for a request that never
    // comes, time out and fail.
    const first = await receiver(async () => {
      await secondReached;
      return { status: 200 };
    });
    const second = await receiver(() => {
      reachSecond();
      return { status: 200 };
    });
    const channels = [
      ...webhookTo(first.url('/first')),
      ...channelsFrom(parseInputs(notifyFields, { 'discord-webhook-url': second.url('/api/webhooks/2/second') })),
    ];
    const { result } = await send(channels);
    expect(result.delivered).toEqual(['webhook', 'discord']);
    expect(result.failed).toEqual([]);
  });

  it('keeps delivering to the others when one channel throws, and reports it', async () => {
    const hook = await receiver(() => ({ status: 200 }));
    const broken: Channel = {
      name: 'slack',
      destination: 'hooks.slack.com',
      secrets: [],
      attempt: () => Promise.reject(new Error('payload builder crashed')),
    };
    const { result } = await send([broken, ...webhookTo(hook.url('/h'))]);
    expect(result.delivered).toEqual(['webhook']);
    expect(result.failed).toEqual([
      { channel: 'slack', reason: 'hooks.slack.com: unexpected error: payload builder crashed' },
    ]);
    expect(result.channels.map((c) => c.attempts)).toEqual([1, 1]);
  });

  it('removes a secret from a receiver answer that echoes the URL back', async () => {
    const hook = await receiver((request) => ({ status: 400, body: `unknown hook ${request.path}` }));
    const url = hook.url('/hooks/echoedSecretPath99');
    const { result, lines } = await send(webhookTo(url));
    expect(result.failed[0]?.reason).toMatch(/HTTP 400: unknown hook \*\*\*$/);
    expect(lines.join('\n')).not.toContain('echoedSecretPath99');
  });

  it('sends user:password in a webhook URL as Basic auth, not in the URL', async () => {
    const hook = await receiver(() => ({ status: 200 }));
    const url = hook.url('/h').replace('http://', 'http://deploy:s%40fe-pass@');
    const { result, lines } = await send(webhookTo(url));
    expect(result.delivered).toEqual(['webhook']);
    expect(hook.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('deploy:s@fe-pass').toString('base64')}`);
    expect(lines.join('\n')).not.toMatch(/s%40fe-pass|s@fe-pass/);
  });

  it('summarises the result as a table row per channel', async () => {
    const hook = await receiver(() => ({ status: 200 }));
    const { result } = await send(webhookTo(hook.url('/h')));
    const sections = notifySummarySections(result, event);
    expect(sections[0]?.text).toBe('✅ **success** · environment **production** · version **v1.2.0**');
    expect(sections[1]?.table?.rows).toEqual([['webhook', new URL(hook.url('/')).host, '✅ delivered', 1, 'HTTP 200']]);
  });
});
