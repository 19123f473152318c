import { createHmac } from 'node:crypto';
import type { Channel } from '../channel';
import { commitUrl, type MessageContent } from '../content';
import type { DeployEvent } from '../event';
import { postJson } from '../http-post';
import { urlSecrets } from '../redact';

export const SIGNATURE_HEADER = 'X-Deploy-Kit-Signature';

/** The JSON document a generic webhook receives; absent values are null so the keys are stable. */
export function webhookPayload(
  event: DeployEvent,
  content: MessageContent,
  timestamp: Date = new Date(),
): Record<string, unknown> {
  return {
    source: 'deploy-kit',
    status: event.status,
    title: content.title,
    message: content.text ?? null,
    environment: event.environment ?? null,
    version: event.version ?? null,
    environment_url: event.environmentUrl ?? null,
    repository: event.repository,
    sha: event.sha,
    commit_url: commitUrl(event) ?? null,
    actor: event.actor,
    run_url: event.runUrl,
    server_url: event.serverUrl,
    timestamp: timestamp.toISOString(),
  };
}

/** `sha256=<hex HMAC-SHA256 of the exact body bytes>`, as GitHub signs its own webhooks. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export function webhookChannel(url: string, secret?: string): Channel {
  return {
    name: 'webhook',
    destination: new URL(url).host,
    secrets: [...urlSecrets(url), ...(secret ? [secret] : [])],
    attempt: (event, content, context) => {
      const body = JSON.stringify(webhookPayload(event, content));
      return postJson({
        url,
        body,
        timeoutMs: context.timeoutMs,
        headers: {
          'X-Deploy-Kit-Event': 'deployment',
          'X-Deploy-Kit-Delivery': context.deliveryId,
          ...(secret ? { [SIGNATURE_HEADER]: signBody(body, secret) } : {}),
        },
        accept: (answer) => ({ ok: true, detail: `HTTP ${answer.status}` }),
      });
    },
  };
}
