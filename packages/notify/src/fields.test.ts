import { describe, expect, it } from '@jest/globals';
import { InputError, parseInputs } from '@deploy-kit/action-kit';
import { channelsFrom } from './channels-from';
import { notifyFields, notifySecretInputs } from './fields';

const parse = (raw: Record<string, string>) => parseInputs(notifyFields, raw, notifySecretInputs);

describe('notifyFields and channelsFrom', () => {
  it('turns on nothing when no channel input is given', () => {
    const inputs = parse({});
    expect(inputs['fail-on-error']).toBe(false);
    expect(inputs['email-to']).toEqual([]);
    expect(channelsFrom(inputs)).toEqual([]);
  });

  it('builds every channel in a fixed order, naming only the host', () => {
    const channels = channelsFrom(
      parse({
        'smtp-url': 'smtps://bot%40example.com:p%40ss@smtp.example.com',
        'email-to': 'a@example.com; b@example.com\nC <c@example.com>',
        'webhook-url': 'https://hooks.example.com/in/abcdef',
        'webhook-secret': 'shh-its-a-secret',
        'discord-webhook-url': 'https://discord.com/api/webhooks/1/token',
        'teams-webhook-url':
          'https://prod-01.westus.logic.azure.com/workflows/1/triggers/manual/paths/invoke?sig=abcdefghijklmnop',
        'slack-webhook-url': 'https://hooks.slack.com/services/T/B/token',
        'pagerduty-routing-key': 'e93facc04764012d7bfb002500d5d1a6',
        'pagerduty-url': 'https://events.eu.pagerduty.com/v2/enqueue',
      }),
    );
    expect(channels.map((c) => [c.name, c.destination])).toEqual([
      ['slack', 'hooks.slack.com'],
      ['teams', 'prod-01.westus.logic.azure.com'],
      ['discord', 'discord.com'],
      ['webhook', 'hooks.example.com'],
      ['email', 'smtp.example.com:465'],
      ['pagerduty', 'events.eu.pagerduty.com'],
    ]);
    expect(channels[5]!.secrets).toEqual(['e93facc04764012d7bfb002500d5d1a6']);
    expect(channels[1]!.secrets).toContain('abcdefghijklmnop');
    expect(channels[3]!.secrets).toContain('shh-its-a-secret');
    expect(channels[4]!.secrets).toContain('p@ss');
  });

  it('splits recipients on commas, semicolons and new lines', () => {
    expect(parse({ 'email-to': 'a@example.com, b@example.com;\nRelease Team <r@example.com>' })['email-to']).toEqual([
      'a@example.com',
      'b@example.com',
      'Release Team <r@example.com>',
    ]);
  });

  it.each([
    [{ 'slack-webhook-url': 'hooks.slack.com/services/T/B/token' }, 'Input "slack-webhook-url" must be an http(s) URL'],
    [{ 'webhook-url': 'ftp://example.com/x' }, 'Input "webhook-url" must be an http(s) URL'],
    [{ 'teams-webhook-url': 'https://outlook.office.com/webhook/abc' }, 'Office 365 connector URL'],
    [{ 'teams-webhook-url': 'not a url' }, 'Input "teams-webhook-url" must be an http(s) URL'],
    [{ 'smtp-url': 'https://smtp.example.com' }, 'Input "smtp-url" must look like smtp://'],
    [{ 'email-from': 'not an address' }, 'Input "email-from" must be an email address'],
    [{ message: '{status} {enviroment}' }, 'unknown placeholder {enviroment}'],
  ])('rejects %j', (raw, message) => {
    expect(() => parse(raw)).toThrow(InputError);
    expect(() => parse(raw)).toThrow(message);
  });

  it('never repeats a secret input in its error', () => {
    const attempt = () => parse({ 'webhook-url': 'not-a-url-secretToken' });
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow('Input "webhook-url" must be an http(s) URL');
    expect(attempt).not.toThrow(/secretToken/);
  });

  it.each([
    [{ 'email-to': 'a@example.com' }, 'Input "email-to" is set but "smtp-url" is not'],
    [{ 'email-from': 'a@example.com' }, 'Input "email-from" is set but "smtp-url" is not'],
    [{ 'smtp-url': 'smtp://u:p@smtp.example.com' }, 'Input "email-to" is required when "smtp-url" is set'],
    [{ 'smtp-url': 'smtp://relay:p@smtp.example.com', 'email-to': 'a@example.com' }, 'Input "email-from" is required'],
    [{ 'webhook-secret': 'x' }, 'Input "webhook-secret" is set but "webhook-url" is not'],
  ])('rejects the combination %j', (raw, message) => {
    expect(() => channelsFrom(parse(raw))).toThrow(InputError);
    expect(() => channelsFrom(parse(raw))).toThrow(message);
  });

  it('takes a message over several lines, as a YAML block scalar gives it', () => {
    expect(parse({ message: 'Shipped {version}\nby {actor}\n' }).message).toBe('Shipped {version}\nby {actor}');
  });

  it('sends email from the SMTP user when it is an address and email-from is unset', () => {
    const [email] = channelsFrom(
      parse({ 'smtp-url': 'smtp://bot%40example.com:pw@smtp.example.com', 'email-to': 'a@example.com' }),
    );
    expect(email?.destination).toBe('smtp.example.com:587');
  });
});
