import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One notification as the receiver understood it. */
export interface ReceivedNotification {
  channel: 'webhook' | 'slack';
  status: string;
  environment: string;
  version: string;
  /** Generic webhook: whether X-Deploy-Kit-Signature matched the body (Slack: always true). */
  signatureValid: boolean;
  receivedAt: Date;
  body: unknown;
}

export interface WebhookReceiver {
  /** The generic webhook's URL (it holds a random path token, like a real hook URL). */
  webhookUrl: string;
  /** Signs the generic webhook's body (HMAC-SHA256). */
  webhookSecret: string;
  /** A Slack incoming-webhook stand-in: answers `ok` to a message with text and blocks. */
  slackUrl: string;
  received: ReceivedNotification[];
  /** Requests that were refused (bad signature, unknown path, not JSON), for diagnosis. */
  refused: string[];
  stop(): Promise<void>;
}

const SIGNATURE_HEADER = 'x-deploy-kit-signature';
const MAX_BODY = 1_000_000;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
      if (body.length > MAX_BODY) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function signatureMatches(body: string, header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== 'string') return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`);
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Reads `*Name*\nvalue` fields back out of a Slack Block Kit message. */
function slackFacts(body: unknown): Record<string, string> {
  const facts: Record<string, string> = {};
  const blocks = (body as { blocks?: unknown }).blocks;
  if (!Array.isArray(blocks)) return facts;
  for (const block of blocks as { fields?: { text?: unknown }[] }[]) {
    for (const field of block.fields ?? []) {
      const match = /^\*([^*]+)\*\n([\s\S]*)$/.exec(text(field.text));
      if (match) facts[match[1] as string] = match[2] as string;
    }
  }
  return facts;
}

/**
 * A local stand-in for the chat and webhook endpoints notify posts to: a node:http
 * server on 127.0.0.1 that checks what it is sent as the real service would (the
 * HMAC signature of a generic webhook; Slack's text + blocks) and records it.
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const token = randomBytes(12).toString('hex');
  const webhookSecret = randomBytes(24).toString('hex');
  const received: ReceivedNotification[] = [];
  const refused: string[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    const refuse = (status: number, why: string) => {
      refused.push(`${req.method} ${req.url?.replace(token, '<token>')}: ${why}`);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(why);
    };
    if (req.method !== 'POST') return refuse(405, 'only POST');
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return refuse(400, 'body is not JSON');
    }
    if (req.url === `/hooks/${token}`) {
      const signatureValid = signatureMatches(raw, req.headers[SIGNATURE_HEADER], webhookSecret);
      if (!signatureValid) return refuse(401, 'signature does not match');
      const doc = body as Record<string, unknown>;
      received.push({
        channel: 'webhook',
        status: text(doc.status),
        environment: text(doc.environment),
        version: text(doc.version),
        signatureValid,
        receivedAt: new Date(),
        body,
      });
      return res.writeHead(204).end();
    }
    if (req.url === `/slack/${token}`) {
      const doc = body as { text?: unknown; blocks?: unknown };
      // Slack answers `no_text` / `invalid_blocks` to a message it would not post.
      if (typeof doc.text !== 'string' || !Array.isArray(doc.blocks)) return refuse(400, 'invalid_blocks');
      const facts = slackFacts(body);
      received.push({
        channel: 'slack',
        status: (facts.Status ?? '').replace(/^\S+\s+/, ''),
        environment: facts.Environment ?? '',
        version: facts.Version ?? '',
        signatureValid: true,
        receivedAt: new Date(),
        body,
      });
      return res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    }
    return refuse(404, 'no such hook');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      refused.push(`${req.method} ${req.url}: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    webhookUrl: `${base}/hooks/${token}`,
    webhookSecret,
    slackUrl: `${base}/slack/${token}`,
    received,
    refused,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
