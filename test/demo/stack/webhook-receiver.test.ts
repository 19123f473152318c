import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

describe('the demo webhook receiver', () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(() => receiver.stop());

  const post = (url: string, body: string, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  const sign = (body: string, secret: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

  it('records a generic webhook whose signature matches, and refuses one signed with another secret', async () => {
    const body = JSON.stringify({ status: 'success', environment: 'production', version: 'v1.0.0' });
    const good = await post(receiver.webhookUrl, body, {
      'x-deploy-kit-signature': sign(body, receiver.webhookSecret),
    });
    const bad = await post(receiver.webhookUrl, body, { 'x-deploy-kit-signature': sign(body, 'not-the-secret') });
    const unsigned = await post(receiver.webhookUrl, body);
    expect([good.status, bad.status, unsigned.status]).toEqual([204, 401, 401]);
    expect(receiver.received.map((n) => [n.channel, n.status, n.environment, n.version])).toEqual([
      ['webhook', 'success', 'production', 'v1.0.0'],
    ]);
    expect(receiver.refused).toHaveLength(2);
    expect(receiver.refused.join('\n')).not.toContain(new URL(receiver.webhookUrl).pathname);
  });

  it('answers a Slack message "ok" and reads status, environment and version from its fields', async () => {
    const message = {
      text: 'Rolled back production to hello-world v1.1.0',
      blocks: [
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Status*\n↩️ rolled-back' },
            { type: 'mrkdwn', text: '*Environment*\nproduction' },
            { type: 'mrkdwn', text: '*Version*\nv1.1.0' },
          ],
        },
      ],
    };
    const answer = await post(receiver.slackUrl, JSON.stringify(message));
    expect([answer.status, await answer.text()]).toEqual([200, 'ok']);
    expect(receiver.received.at(-1)).toMatchObject({
      channel: 'slack',
      status: 'rolled-back',
      environment: 'production',
      version: 'v1.1.0',
    });
    const invalid = await post(receiver.slackUrl, JSON.stringify({ text: 'no blocks' }));
    expect([invalid.status, await invalid.text()]).toEqual([400, 'invalid_blocks']);
  });
});
