import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { everythingPrinted, leakedSecrets, runBundledAction } from '../support/run-bundled-action';
import { startPagerDutyPeer, type PagerDutyPeer } from './support/pagerduty-peer';
import { visibleOutput } from './support/secrets';

// The bundle must be built first: node scripts/build.js notify
const ROUTING_KEY = 'b7c1e0f2a9d84c3e9f10a2b3c4d5e6f7';
// runBundledAction's runner environment deploys octo-org/hello-world.
const DEDUP_KEY = 'deploy-kit/octo-org/hello-world/production';

describe('notify action: PagerDuty', () => {
  let peer: PagerDutyPeer;

  beforeAll(async () => {
    peer = await startPagerDutyPeer();
  });
  afterAll(async () => {
    await peer.stop();
  });

  const notify = (inputs: Record<string, string>) =>
    runBundledAction('notify', {
      inputs: {
        environment: 'production',
        version: 'v3.1.0',
        'pagerduty-routing-key': ROUTING_KEY,
        'pagerduty-url': peer.url,
        ...inputs,
      },
      timeoutMs: 60_000,
    });

  it('pages on a failed production deploy, then resolves that alert when the next deploy succeeds', async () => {
    const failed = await notify({ status: 'failure', message: 'v3.1.0 failed its health check.' });
    expect({ exitCode: failed.exitCode, outputs: failed.outputs }).toEqual({
      exitCode: 0,
      outputs: { delivered: 'pagerduty', failed: '' },
    });
    expect(peer.refused).toEqual([]);
    expect(peer.alerts.get(DEDUP_KEY)).toMatchObject({
      state: 'triggered',
      severity: 'critical',
      summary: 'Deploy of hello-world v3.1.0 to production failed: v3.1.0 failed its health check.',
    });
    expect(failed.summary).toMatch(
      /\| pagerduty \| 127\.0\.0\.1:\d+ \| ✅ delivered \| 1 \| HTTP 202, trigger deploy-kit\/octo-org\/hello-world\/production \|/,
    );

    const fixed = await notify({ status: 'success', version: 'v3.1.1' });
    expect(fixed.exitCode).toBe(0);
    expect(fixed.outputs.delivered).toBe('pagerduty');
    expect(peer.accepted.map((e) => [e.event_action, e.dedup_key])).toEqual([
      ['trigger', DEDUP_KEY],
      ['resolve', DEDUP_KEY],
    ]);
    expect(peer.alerts.get(DEDUP_KEY)?.state).toBe('resolved');

    // The runner learns the key from ::add-mask:: and hides it; nothing else may show it.
    expect(failed.log).toContain(`::add-mask::${ROUTING_KEY}`);
    for (const run of [failed, fixed]) expect(leakedSecrets(visibleOutput(run), [ROUTING_KEY])).toEqual([]);
  });

  it('fails the step with fail-on-error when PagerDuty keeps throttling, after retrying', async () => {
    const before = peer.receiver.requests.length;
    peer.throttle(3);
    const run = await notify({ status: 'rolled-back', 'fail-on-error': 'true' });

    expect(run.exitCode).toBe(1);
    expect(peer.receiver.requests.length - before).toBe(3);
    expect(run.log).toMatch(
      /::error::Notification to pagerduty failed: 127\.0\.0\.1:\d+: HTTP 429 \(rate limited\) after 3 attempts/,
    );
    expect(run.outputs.failed).toBe('pagerduty');
    expect(leakedSecrets(visibleOutput(run), [ROUTING_KEY])).toEqual([]);
  });

  it('refuses a routing key that is not 32 characters before sending anything, without printing it', async () => {
    const before = peer.receiver.requests.length;
    const badKey = 'not-a-routing-key-0123';
    const run = await notify({ status: 'failure', 'pagerduty-routing-key': badKey });

    expect(run.exitCode).toBe(1);
    expect(run.log).toContain(
      '::error::Input "pagerduty-routing-key" must be the 32-character integration key of an Events API v2 integration',
    );
    expect(peer.receiver.requests.length).toBe(before);
    expect(leakedSecrets(visibleOutput(run), [badKey])).toEqual([]);
    expect(everythingPrinted(run)).toContain(`::add-mask::${badKey}`);
  });
});
