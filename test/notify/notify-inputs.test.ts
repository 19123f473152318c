import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { leakedSecrets, runBundledAction } from '../support/run-bundled-action';
import { startReceiver, type Receiver } from './support/receiver';
import { urlParts, visibleOutput } from './support/secrets';

describe('notify action: inputs are checked before anything is sent', () => {
  let slack: Receiver;
  let url: string;

  beforeAll(async () => {
    slack = await startReceiver(() => ({ status: 200, body: 'ok' }));
    url = slack.url('/services/T3/B3/neverCalledToken2024');
  });

  afterAll(async () => {
    await slack.stop();
  });

  it.each([
    [
      { status: 'deployed' },
      'Input "status" must be one of: started, success, failure, cancelled, rolled-back (got "deployed")',
    ],
    [{ status: '' }, 'Input "status" is required: one of started, success, failure, cancelled, rolled-back'],
    [{ status: 'success', 'email-to': 'ops@example.com' }, 'Input "email-to" is set but "smtp-url" is not'],
    [
      { status: 'success', 'webhook-secret': 'orphanSecret123' },
      'Input "webhook-secret" is set but "webhook-url" is not',
    ],
    [{ status: 'success', message: 'Shipped {version} to {env}' }, 'Input "message" uses unknown placeholder {env}'],
    [{ status: 'success', 'environment-url': 'app.example.com' }, 'Input "environment-url" must be an http(s) URL'],
    [{ status: 'success', 'fail-on-error': 'yes' }, 'Input "fail-on-error" must be true or false'],
    [{ status: 'success', timeout: 'soon' }, 'Input "timeout" must be a duration'],
    [
      { status: 'success', 'discord-webhook-url': 'discord.com/api/webhooks/1/badNoSchemeToken' },
      'Input "discord-webhook-url" must be an http(s) URL',
    ],
    [
      { status: 'success', 'smtp-url': 'mail://user:hunter2secret@mail.example.com' },
      'Input "smtp-url" must look like smtp://',
    ],
    [
      { status: 'success', 'smtp-url': 'smtp://relay:hunter2secret@mail.example.com', 'email-to': 'ops@example.com' },
      'Input "email-from" is required',
    ],
    [
      { status: 'success', 'smtp-url': 'smtp://relay:hunter2secret@mail.example.com', 'email-to': 'ops, dev' },
      'Input "email-to" must be email addresses',
    ],
    [
      { status: 'success', 'teams-webhook-url': 'https://contoso.webhook.office.com/webhookb2/legacyConnectorToken' },
      'Input "teams-webhook-url" is an Office 365 connector URL, which Microsoft retired',
    ],
  ])('%j fails naming the input, and sends nothing', async (inputs, error) => {
    const before = slack.requests.length;
    const run = await runBundledAction('notify', {
      inputs: { 'slack-webhook-url': url, ...inputs },
      timeoutMs: 30_000,
    });
    expect(run.exitCode).toBe(1);
    expect(run.log).toContain(`::error::${error}`);
    expect(slack.requests.length).toBe(before);
    expect(run.outputs).toEqual({});
    const secrets = [...urlParts(url), 'hunter2secret', 'orphanSecret123', 'badNoSchemeToken', 'legacyConnectorToken'];
    expect(leakedSecrets(visibleOutput(run), secrets)).toEqual([]);
  });

  it('passes and says so when no channel is configured', async () => {
    const run = await runBundledAction('notify', {
      inputs: { status: 'success', environment: 'production' },
      timeoutMs: 30_000,
    });
    expect(run.exitCode).toBe(0);
    expect(run.log).toContain('No notification channel configured: nothing to send.');
    expect(run.outputs).toEqual({ delivered: '', failed: '' });
    expect(run.summary).toContain('No notification channel configured: nothing was sent.');
  });
});
