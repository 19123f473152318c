import { afterEach, describe, expect, it } from '@jest/globals';
import { leakedSecrets, runBundledAction, type BundledActionRun } from '../support/run-bundled-action';
import { startReceiver, type Receiver } from './support/receiver';
import { urlParts, visibleOutput } from './support/secrets';

const started: Receiver[] = [];
async function receiver(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
  const r = await startReceiver(...args);
  started.push(r);
  return r;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((r) => r.stop()));
});

const UNKNOWN_HOST_URL = 'http://nonexistent.invalid/hooks/unknownHostToken777';

/**
 * What a user sees for the failed channels: by default a warning each and a green step;
 * with fail-on-error one ::error:: naming them all and a red step.
 */
function expectFailuresShown(run: BundledActionRun, failOnError: boolean, failures: RegExp[]): void {
  const annotations = run.log.split('\n').filter((line) => /^::(warning|error)::/.test(line));
  if (failOnError) {
    expect(run.exitCode).toBe(1);
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatch(/^::error::Notification to /);
    for (const failure of failures) expect(annotations[0]).toMatch(failure);
  } else {
    expect(run.exitCode).toBe(0);
    expect(annotations).toHaveLength(failures.length);
    failures.forEach((failure, i) => {
      expect(annotations[i]).toMatch(/^::warning::/);
      expect(annotations[i]).toMatch(failure);
    });
  }
}

const onAndOff = [
  ['warnings and a green step by default', false],
  ['one error and a red step with fail-on-error', true],
] as const;

describe('notify action: failed deliveries', () => {
  it.each(onAndOff)(
    'retries, honours Retry-After, and ends 500, timeout and unknown host failures as %s, while the others deliver',
    async (_, failOnError) => {
      const slack = await receiver(() => ({ status: 500, body: 'internal error' }));
      // Teams is rate limited once, then accepts: Retry-After decides the wait.
      const teams = await receiver((_req, index) =>
        index === 0 ? { status: 429, headers: { 'retry-after': '1' }, body: '' } : { status: 202 },
      );
      const discord = await receiver(() => 'hang');
      const urls = {
        slack: slack.url('/services/T9/B9/slackFailToken123456'),
        teams: teams.url('/workflows/77/triggers/manual/paths/invoke?api-version=2016-06-01&sig=teamsRateLimitedSig55'),
        discord: discord.url('/api/webhooks/9/discordHangToken4242'),
      };
      const run = await runBundledAction('notify', {
        inputs: {
          status: 'failure',
          environment: 'staging',
          version: 'v2.0.0-rc.1',
          'slack-webhook-url': urls.slack,
          'teams-webhook-url': urls.teams,
          'discord-webhook-url': urls.discord,
          'webhook-url': UNKNOWN_HOST_URL,
          // Long enough for the answering peers on a loaded machine (a loopback answer took over 1 s
          // in a full run beside another); the hanging one shows the timeout all the same.
          timeout: '5s',
          'fail-on-error': String(failOnError),
        },
        timeoutMs: 60_000,
      });

      expect(run.outputs.delivered).toBe('teams');
      expect(run.outputs.failed).toBe('slack,discord,webhook');
      // 500 is retried up to 3 attempts; a timeout is not (the message may have arrived).
      expect(slack.requests).toHaveLength(3);
      expect(teams.requests).toHaveLength(2);
      expect(discord.requests).toHaveLength(1);
      expect(run.log).toContain('teams (127.0.0.1');
      expect(run.log).toMatch(
        /teams \(127\.0\.0\.1:\d+\): HTTP 429 \(rate limited\) \(attempt 1 of 3\); retrying in 1s as Retry-After asks/,
      );
      expectFailuresShown(run, failOnError, [
        /Notification to slack failed: 127\.0\.0\.1:\d+: HTTP 500: internal error after 3 attempts/,
        /Notification to discord failed: 127\.0\.0\.1:\d+: no answer within 5s/,
        /Notification to webhook failed: nonexistent\.invalid: host not found \(DNS lookup failed\)/,
      ]);
      expect(run.summary).toMatch(
        /\| slack \| 127\.0\.0\.1:\d+ \| ⚠️ failed \| 3 \| HTTP 500: internal error after 3 attempts \|/,
      );
      expect(run.summary).toMatch(/\| teams \| 127\.0\.0\.1:\d+ \| ✅ delivered \| 2 \| HTTP 202 \|/);
      expect(run.summary).toContain('❌ **failure** · environment **staging** · version **v2.0.0-rc.1**');
      expect(leakedSecrets(visibleOutput(run), [...Object.values(urls), UNKNOWN_HOST_URL].flatMap(urlParts))).toEqual(
        [],
      );
    },
  );

  it('fails the step with fail-on-error, after delivering to the channels that work', async () => {
    const slack = await receiver(() => ({ status: 404, body: 'no_service' }));
    const webhook = await receiver(() => ({ status: 200, body: 'thanks' }));
    const urls = {
      slack: slack.url('/services/T1/B1/goneWorkspaceToken99'),
      webhook: webhook.url('/receive/okPathToken31337'),
    };
    const run = await runBundledAction('notify', {
      inputs: {
        status: 'success',
        'slack-webhook-url': urls.slack,
        'webhook-url': urls.webhook,
        'fail-on-error': 'true',
      },
      timeoutMs: 60_000,
    });

    expect(run.exitCode).toBe(1);
    // A 404 will not get better by asking again.
    expect(slack.requests).toHaveLength(1);
    expect(webhook.requests).toHaveLength(1);
    expect(run.log).toMatch(/::error::Notification to slack failed: 127\.0\.0\.1:\d+: HTTP 404: no_service/);
    expect(run.outputs.delivered).toBe('webhook');
    expect(run.outputs.failed).toBe('slack');
    expect(run.summary).toMatch(/\| slack \| 127\.0\.0\.1:\d+ \| ⚠️ failed \| 1 \| HTTP 404: no_service \|/);
    expect(leakedSecrets(visibleOutput(run), Object.values(urls).flatMap(urlParts))).toEqual([]);
  });

  it('treats a Slack 200 whose body is not "ok" as not delivered', async () => {
    const slack = await receiver(() => ({ status: 200, body: 'invalid_blocks' }));
    const url = slack.url('/services/T2/B2/invalidBlocksToken8');
    const run = await runBundledAction('notify', {
      inputs: { status: 'started', 'slack-webhook-url': url, 'fail-on-error': 'true' },
      timeoutMs: 60_000,
    });
    expect(run.exitCode).toBe(1);
    expect(run.log).toContain('Slack answered "invalid_blocks" instead of "ok"');
    expect(run.outputs.failed).toBe('slack');
    expect(leakedSecrets(visibleOutput(run), urlParts(url))).toEqual([]);
  });

  it.each(onAndOff)(
    'gives up at once on a 429 whose Retry-After is longer than it will wait, as %s',
    async (_, failOnError) => {
      const discord = await receiver(() => ({
        status: 429,
        headers: { 'retry-after': '3600', 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'You are being rate limited.', retry_after: 3600, global: false }),
      }));
      const url = discord.url('/api/webhooks/5/rateLimitedToken777');
      const run = await runBundledAction('notify', {
        inputs: { status: 'success', 'discord-webhook-url': url, 'fail-on-error': String(failOnError) },
        timeoutMs: 60_000,
      });
      expect(discord.requests).toHaveLength(1);
      expectFailuresShown(run, failOnError, [
        /Notification to discord failed: 127\.0\.0\.1:\d+: HTTP 429.*asked to wait 60m, longer than the 30s limit/,
      ]);
      expect(run.outputs.failed).toBe('discord');
      expect(leakedSecrets(visibleOutput(run), urlParts(url))).toEqual([]);
    },
  );
});
