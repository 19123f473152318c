import { InputError, maskSecret } from '@deploy-kit/action-kit';
import type { Channel } from './channel';
import { discordChannel } from './channels/discord';
import { emailChannel } from './channels/email';
import { pagerDutyChannel } from './channels/pagerduty';
import { slackChannel } from './channels/slack';
import { teamsChannel } from './channels/teams';
import { webhookChannel } from './channels/webhook';
import type { NotifyInputs } from './fields';
import { parseSmtpUrl, type SmtpServer } from './smtp-url';

/**
 * The channels the inputs turn on, in a fixed order; [] when none. Also
 * checks the inputs that only make sense together, so call it right after
 * readInputs: a bad combination then fails before anything is deployed or sent.
 */
export function channelsFrom(inputs: NotifyInputs): Channel[] {
  checkCombinations(inputs);
  const channels: Channel[] = [];
  if (inputs['slack-webhook-url']) channels.push(slackChannel(inputs['slack-webhook-url']));
  if (inputs['teams-webhook-url']) channels.push(teamsChannel(inputs['teams-webhook-url']));
  if (inputs['discord-webhook-url']) channels.push(discordChannel(inputs['discord-webhook-url']));
  if (inputs['webhook-url']) channels.push(webhookChannel(inputs['webhook-url'], inputs['webhook-secret']));
  const smtpUrl = inputs['smtp-url'];
  if (smtpUrl) {
    const server = parseSmtpUrl(smtpUrl) as SmtpServer;
    channels.push(emailChannel({ server, url: smtpUrl, to: inputs['email-to'], from: senderFor(inputs, server) }));
  }
  const routingKey = inputs['pagerduty-routing-key'];
  if (routingKey) {
    const url = inputs['pagerduty-url'];
    channels.push(pagerDutyChannel({ routingKey, ...(url ? { url } : {}) }));
  }
  // readInputs masked each URL whole; a Teams URL also carries its signature in the query.
  for (const channel of channels) for (const secret of channel.secrets) maskSecret(secret);
  return channels;
}

function checkCombinations(inputs: NotifyInputs): void {
  const hasSmtp = inputs['smtp-url'] !== undefined;
  if (inputs['webhook-secret'] && !inputs['webhook-url']) {
    throw new InputError(
      'webhook-secret',
      'is set but "webhook-url" is not: the secret signs generic webhook messages',
    );
  }
  if (inputs['pagerduty-url'] && !inputs['pagerduty-routing-key']) {
    throw new InputError(
      'pagerduty-url',
      'is set but "pagerduty-routing-key" is not: the routing key (integration key) says which PagerDuty service is alerted',
    );
  }
  if (!hasSmtp && inputs['email-to'].length) {
    throw new InputError(
      'email-to',
      'is set but "smtp-url" is not: email needs an SMTP server such as smtps://user:password@smtp.example.com:465',
    );
  }
  if (!hasSmtp && inputs['email-from']) {
    throw new InputError('email-from', 'is set but "smtp-url" is not: email needs an SMTP server');
  }
  if (hasSmtp && !inputs['email-to'].length) {
    throw new InputError('email-to', 'is required when "smtp-url" is set (comma-separated addresses)');
  }
}

// Most SMTP services log in with the sender address, so it is a sensible default.
function senderFor(inputs: NotifyInputs, server: SmtpServer): string {
  if (inputs['email-from']) return inputs['email-from'];
  if (server.user?.includes('@')) return server.user;
  throw new InputError('email-from', 'is required when the SMTP user name in "smtp-url" is not an email address');
}
