import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { parseInputs } from '@deploy-kit/action-kit';
import {
  channelsFrom,
  notifyFields,
  notifySecretInputs,
  notifySummarySections,
  pagerDutyChannel,
  pagerDutyPayload,
  buildContent,
  sendNotifications,
  type Channel,
  type DeployEvent,
  type DeployStatus,
} from '@deploy-kit/notify';
import { pipelineFields, pipelineSecretInputs } from '../../actions/pipeline/inputs';
import { sendNotice } from '../../actions/pipeline/notify-stage';
import { preparePipeline } from '../../actions/pipeline/prepare';
import { eventProblems, startPagerDutyPeer, type PagerDutyPeer } from './support/pagerduty-peer';

const ROUTING_KEY = 'd3pl0yk1tr0ut1ngk3y0123456789abc';
const DEDUP_KEY = 'deploy-kit/octo-org/hello-world/staging';

const base: Omit<DeployEvent, 'status'> = {
  environment: 'staging',
  version: 'v2.0.0',
  repository: 'octo-org/hello-world',
  sha: 'ffac537e6cbbf934b08745a378932722df287a53',
  actor: 'octocat',
  runUrl: 'https://github.com/octo-org/hello-world/actions/runs/7',
  serverUrl: 'https://github.com',
};
const eventOf = (status: DeployStatus, more: Partial<DeployEvent> = {}): DeployEvent => ({ ...base, status, ...more });

let peer: PagerDutyPeer;
beforeEach(async () => {
  peer = await startPagerDutyPeer();
});
afterEach(async () => {
  await peer.stop();
});

const pagerDutyTo = (url: string, routingKey = ROUTING_KEY): Channel[] =>
  channelsFrom(parseInputs(notifyFields, { 'pagerduty-routing-key': routingKey, 'pagerduty-url': url }));

/** Sends in-process, with the waits between attempts recorded instead of slept. */
async function send(channels: Channel[], event: DeployEvent) {
  const lines: string[] = [];
  const waits: number[] = [];
  const result = await sendNotifications(channels, event, {
    timeoutMs: 5000,
    log: (line) => lines.push(line),
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  const printed = [...lines, JSON.stringify(result), JSON.stringify(notifySummarySections(result, event))].join('\n');
  return { result, lines, waits, printed };
}

describe('PagerDuty channel (Events API v2)', () => {
  it('triggers an alert when a deploy fails, keyed by repository and environment', async () => {
    const { result, printed } = await send(
      pagerDutyTo(peer.url),
      eventOf('failure', { message: 'health check failed' }),
    );

    expect(result.delivered).toEqual(['pagerduty']);
    expect(result.failed).toEqual([]);
    expect(peer.refused).toEqual([]);
    expect(peer.accepted).toHaveLength(1);
    const [sent] = peer.accepted;
    expect(sent).toMatchObject({ event_action: 'trigger', dedup_key: DEDUP_KEY, routing_key: ROUTING_KEY });
    expect(sent?.payload).toMatchObject({
      summary: 'Deploy of hello-world v2.0.0 to staging failed: health check failed',
      severity: 'error',
      source: 'octo-org/hello-world',
      group: 'staging',
      class: 'deploy failed',
    });
    expect(sent?.links?.map((link) => link.href)).toContain(base.runUrl);
    expect(peer.alerts.get(DEDUP_KEY)).toMatchObject({ state: 'triggered', severity: 'error' });
    expect(result.channels[0]?.detail).toBe(`HTTP 202, trigger ${DEDUP_KEY}`);
    expect(printed).not.toContain(ROUTING_KEY);
  });

  it('pages critical when a production deploy fails', async () => {
    await send(pagerDutyTo(peer.url), eventOf('failure', { environment: 'production' }));
    expect(peer.alerts.get('deploy-kit/octo-org/hello-world/production')).toMatchObject({
      state: 'triggered',
      severity: 'critical',
    });
  });

  it('triggers on a rollback, updating the open alert of the environment rather than opening another', async () => {
    const channels = pagerDutyTo(peer.url);
    await send(channels, eventOf('failure'));
    const { result } = await send(channels, eventOf('rolled-back', { version: 'v1.9.0' }));

    expect(result.delivered).toEqual(['pagerduty']);
    expect(peer.accepted.map((e) => [e.event_action, e.dedup_key])).toEqual([
      ['trigger', DEDUP_KEY],
      ['trigger', DEDUP_KEY],
    ]);
    expect(peer.accepted[1]?.payload).toMatchObject({ severity: 'error', class: 'deploy rolled back' });
    expect([...peer.alerts.keys()]).toEqual([DEDUP_KEY]);
    expect(peer.alerts.get(DEDUP_KEY)).toMatchObject({ state: 'triggered', triggers: 2 });
  });

  it('resolves the alert on the next successful deploy of the same environment, and only that one', async () => {
    const channels = pagerDutyTo(peer.url);
    await send(channels, eventOf('failure'));
    await send(channels, eventOf('failure', { environment: 'production' }));
    const { result } = await send(channels, eventOf('success', { version: 'v2.0.1' }));

    expect(result.delivered).toEqual(['pagerduty']);
    expect(peer.accepted.at(-1)).toEqual({ routing_key: ROUTING_KEY, event_action: 'resolve', dedup_key: DEDUP_KEY });
    expect(peer.alerts.get(DEDUP_KEY)?.state).toBe('resolved');
    expect(peer.alerts.get('deploy-kit/octo-org/hello-world/production')?.state).toBe('triggered');
  });

  it('sends a resolve after a success even with no alert open, which PagerDuty accepts and ignores', async () => {
    const { result } = await send(pagerDutyTo(peer.url), eventOf('success'));
    expect(result.delivered).toEqual(['pagerduty']);
    expect(peer.accepted.map((e) => e.event_action)).toEqual(['resolve']);
    expect(peer.alerts.size).toBe(0);
  });

  it.each<DeployStatus>(['started', 'cancelled'])('sends nothing for %s, and says so', async (status) => {
    const { result, lines } = await send(pagerDutyTo(peer.url), eventOf(status));
    expect(peer.receiver.requests).toHaveLength(0);
    expect(result).toMatchObject({ delivered: [], failed: [] });
    expect(lines.join('\n')).toMatch(/pagerduty \(127\.0\.0\.1:\d+\): nothing sent: a (started|cancelled) deploy/);
  });

  it('retries a throttled (429) trigger with backoff, and it is delivered once', async () => {
    peer.throttle(2);
    const { result, waits, lines } = await send(pagerDutyTo(peer.url), eventOf('failure'));

    expect(result.delivered).toEqual(['pagerduty']);
    expect(result.channels[0]?.attempts).toBe(3);
    expect(waits).toHaveLength(2);
    expect(peer.receiver.requests).toHaveLength(3);
    expect(peer.accepted).toHaveLength(1);
    expect(lines.join('\n')).toContain('HTTP 429 (rate limited) (attempt 1 of 3); retrying in');
  });

  it('reports a 400 as a failed delivery with PagerDuty’s reason, without retrying or printing the key', async () => {
    // A routing key the inputs would refuse, so the peer's own check answers 400 and echoes it back.
    await peer.stop();
    peer = await startPagerDutyPeer({ echoRoutingKey: true });
    const shortKey = 'sh0rtK3yTh4tP4g3rDutyR3fus3s';
    const { result, printed } = await send(
      [pagerDutyChannel({ routingKey: shortKey, url: peer.url })],
      eventOf('failure'),
    );

    expect(result.delivered).toEqual([]);
    expect(peer.receiver.requests).toHaveLength(1);
    expect(result.failed).toEqual([
      {
        channel: 'pagerduty',
        reason: expect.stringMatching(
          /^127\.0\.0\.1:\d+: HTTP 400: PagerDuty refused the event: Event object is invalid; Length of 'routing_key' is incorrect \(should be 32 characters\)/,
        ),
      },
    ]);
    expect(printed).toContain('routing_key ***');
    expect(printed).not.toContain(shortKey);
  });
});

describe('the one-step action’s notify stage', () => {
  // The run the one-step action would be in (its API is never called here).
  const runEnv = {
    GITHUB_REPOSITORY: 'octo-org/hello-world',
    GITHUB_SHA: base.sha,
    GITHUB_ACTOR: 'octocat',
    GITHUB_RUN_ID: '7',
    GITHUB_API_URL: 'http://127.0.0.1:1',
  };
  const prepared = (environment: string, production: string) =>
    preparePipeline(
      parseInputs(
        pipelineFields,
        {
          environment,
          production,
          image: 'ghcr.io/octo-org/hello-world:v2.0.0',
          target: 'command',
          command: './deploy.sh',
          'github-token': 'ghs_example',
          'pagerduty-routing-key': ROUTING_KEY,
          'pagerduty-url': peer.url,
        },
        pipelineSecretInputs,
      ),
      runEnv,
    );

  it.each([
    ['live', 'true', 'critical'],
    ['production', 'auto', 'critical'],
    ['production', 'false', 'error'],
    ['staging', 'auto', 'error'],
  ])('pages a failure of %s (production: %s) as %s', async (environment, production, severity) => {
    const result = await sendNotice(await prepared(environment, production), {
      status: 'failure',
      version: 'v2.0.0',
      detail: 'v2.0.0 failed its health check. The automatic rollback failed too.',
    });
    expect(result.delivered).toEqual(['pagerduty']);
    expect(peer.alerts.get(`deploy-kit/octo-org/hello-world/${environment}`)).toMatchObject({
      state: 'triggered',
      severity,
    });
  });
});

describe('PagerDuty inputs', () => {
  // As the actions read them: notifySecretInputs keeps a secret's value out of the error.
  const parse = (raw: Record<string, string>) => channelsFrom(parseInputs(notifyFields, raw, notifySecretInputs));

  it('refuses a routing key that is not 32 characters, without repeating it', () => {
    expect(() => parse({ 'pagerduty-routing-key': 'tooShortKey123' })).toThrow(
      'Input "pagerduty-routing-key" must be the 32-character integration key of an Events API v2 integration (the value is a secret and is not shown)',
    );
    expect(() => parse({ 'pagerduty-routing-key': 'tooShortKey123' })).not.toThrow(/tooShortKey123/);
  });

  it('refuses pagerduty-url without a routing key', () => {
    expect(() => parse({ 'pagerduty-url': 'https://events.eu.pagerduty.com/v2/enqueue' })).toThrow(
      'Input "pagerduty-url" is set but "pagerduty-routing-key" is not',
    );
  });

  it.each(['http://events.pagerduty.example/v2/enqueue', 'ftp://127.0.0.1/v2/enqueue', 'events.pagerduty.com'])(
    'refuses pagerduty-url %s: the key would travel unencrypted, or it is not a URL',
    (url) => {
      expect(() => parse({ 'pagerduty-routing-key': ROUTING_KEY, 'pagerduty-url': url })).toThrow(
        'Input "pagerduty-url" must be an https URL',
      );
    },
  );

  it('is an input of the one-step action too, read as a secret', () => {
    const raw = { environment: 'production', target: 'command', 'github-token': 't', image: 'ghcr.io/a/b:v1' };
    const inputs = parseInputs(pipelineFields, { ...raw, 'pagerduty-routing-key': ROUTING_KEY }, pipelineSecretInputs);
    expect(pipelineSecretInputs).toContain('pagerduty-routing-key');
    expect(channelsFrom({ ...inputs, 'fail-on-error': false }).map((c) => c.name)).toEqual(['pagerduty']);
    expect(() =>
      parseInputs(pipelineFields, { ...raw, 'pagerduty-routing-key': 'shortKey42' }, pipelineSecretInputs),
    ).toThrow(/^Input "pagerduty-routing-key" must be the 32-character integration key[^"]*$/);
  });

  it('sends to events.pagerduty.com over https unless told otherwise', () => {
    const [channel] = parse({ 'pagerduty-routing-key': ROUTING_KEY });
    expect(channel).toMatchObject({ name: 'pagerduty', destination: 'events.pagerduty.com' });
    expect(channel?.secrets).toEqual([ROUTING_KEY]);
  });
});

describe('pagerDutyPayload', () => {
  it('keeps the summary within 1024 characters however long the message is', () => {
    const event = eventOf('failure', { message: 'x'.repeat(5000) });
    const body = pagerDutyPayload(ROUTING_KEY, event, buildContent(event));
    expect(eventProblems(body)).toEqual([]);
    expect((body?.payload as { summary: string }).summary).toHaveLength(1024);
  });

  it('has no environment in the dedup key when none is given', () => {
    const { environment: _unused, ...event } = eventOf('failure');
    const body = pagerDutyPayload(ROUTING_KEY, event, buildContent(event));
    expect(body?.dedup_key).toBe('deploy-kit/octo-org/hello-world');
    expect(eventProblems(body)).toEqual([]);
  });
});
