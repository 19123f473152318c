/**
 * A stand-in for the PagerDuty Events API v2 enqueue endpoint on 127.0.0.1.
 * It checks every event as strictly as the documented schema allows
 * (required fields, types, enums, the 1024-character summary, the
 * 32-character routing key), keeps the alerts it opened by dedup key, and
 * answers 202 / 400 / 429 with the bodies PagerDuty sends.
 */
import { startReceiver, type Receiver, type Reply } from './receiver';

export const EVENTS_PATH = '/v2/enqueue';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const EVENT_ACTIONS = ['trigger', 'acknowledge', 'resolve'];
const SEVERITIES = ['critical', 'error', 'warning', 'info'];
const TOP_LEVEL = ['routing_key', 'event_action', 'dedup_key', 'payload', 'client', 'client_url', 'links', 'images'];
const PAYLOAD_KEYS = ['summary', 'source', 'severity', 'timestamp', 'component', 'group', 'class', 'custom_details'];

const isAbsoluteUrl = (v: unknown): boolean => {
  try {
    return typeof v === 'string' && ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
};

/** What is wrong with an Events API v2 alert event; [] when PagerDuty would take it. */
export function eventProblems(event: unknown): string[] {
  if (!isObject(event)) return ['the body must be a JSON object'];
  const problems: string[] = [];
  for (const key of Object.keys(event)) if (!TOP_LEVEL.includes(key)) problems.push(`unknown field '${key}'`);
  if (typeof event.routing_key !== 'string') problems.push("'routing_key' is required and must be a string");
  else if (event.routing_key.length !== 32)
    problems.push("Length of 'routing_key' is incorrect (should be 32 characters)");
  if (!EVENT_ACTIONS.includes(String(event.event_action)))
    problems.push(`'event_action' must be one of ${EVENT_ACTIONS.join(', ')}`);
  if (event.dedup_key !== undefined && (typeof event.dedup_key !== 'string' || event.dedup_key.length > 255))
    problems.push("'dedup_key' must be a string of at most 255 characters");
  if (event.event_action !== 'trigger' && typeof event.dedup_key !== 'string')
    problems.push(`'dedup_key' is required for ${String(event.event_action)}`);
  if (event.event_action === 'trigger') problems.push(...payloadProblems(event.payload));
  if (event.client !== undefined && typeof event.client !== 'string') problems.push("'client' must be a string");
  if (event.client_url !== undefined && !isAbsoluteUrl(event.client_url))
    problems.push("'client_url' must be an absolute URL");
  if (event.links !== undefined) {
    if (!Array.isArray(event.links)) problems.push("'links' must be an array");
    else
      event.links.forEach((link: unknown, i) => {
        if (!isObject(link) || !isAbsoluteUrl(link.href)) problems.push(`'links[${i}].href' must be an absolute URL`);
        else if (link.text !== undefined && typeof link.text !== 'string')
          problems.push(`'links[${i}].text' must be a string`);
      });
  }
  return problems;
}

function payloadProblems(payload: unknown): string[] {
  if (!isObject(payload)) return ["'payload' is required for trigger"];
  const problems: string[] = [];
  for (const key of Object.keys(payload))
    if (!PAYLOAD_KEYS.includes(key)) problems.push(`unknown field 'payload.${key}'`);
  if (typeof payload.summary !== 'string' || payload.summary.length < 1 || payload.summary.length > 1024)
    problems.push("'payload.summary' must be 1..1024 characters");
  if (typeof payload.source !== 'string' || payload.source === '')
    problems.push("'payload.source' is required and must be a non-empty string");
  if (!SEVERITIES.includes(String(payload.severity)))
    problems.push(`'payload.severity' must be one of ${SEVERITIES.join(', ')}`);
  if (
    payload.timestamp !== undefined &&
    (typeof payload.timestamp !== 'string' ||
      !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(payload.timestamp) ||
      Number.isNaN(Date.parse(payload.timestamp)))
  )
    problems.push("'payload.timestamp' must be an ISO 8601 date-time");
  for (const key of ['component', 'group', 'class'])
    if (payload[key] !== undefined && typeof payload[key] !== 'string')
      problems.push(`'payload.${key}' must be a string`);
  if (payload.custom_details !== undefined && !isObject(payload.custom_details))
    problems.push("'payload.custom_details' must be an object");
  return problems;
}

export interface Alert {
  dedupKey: string;
  state: 'triggered' | 'acknowledged' | 'resolved';
  severity: string;
  summary: string;
  /** How many trigger events updated this alert (a repeat trigger pages no one again). */
  triggers: number;
}

export interface AcceptedEvent {
  event_action: string;
  dedup_key: string;
  routing_key: string;
  payload?: Json;
  links?: { href: string; text?: string }[];
  client?: string;
  client_url?: string;
}

export interface PagerDutyPeer {
  /** `http://127.0.0.1:PORT/v2/enqueue` */
  url: string;
  /** Events that passed the checks, in order. */
  accepted: AcceptedEvent[];
  /** Events refused with 400, with the errors given. */
  refused: string[][];
  /** Every request, whatever the answer. */
  receiver: Receiver;
  alerts: Map<string, Alert>;
  /** Answer the next `count` requests 429, as PagerDuty does when throttling. */
  throttle(count: number): void;
  stop(): Promise<void>;
}

export interface PeerOptions {
  /** Echo the routing key in error messages, as a careless receiver might: the sender must redact it. */
  echoRoutingKey?: boolean;
}

const json = (status: number, body: Json): Reply => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export async function startPagerDutyPeer(options: PeerOptions = {}): Promise<PagerDutyPeer> {
  const accepted: AcceptedEvent[] = [];
  const refused: string[][] = [];
  const alerts = new Map<string, Alert>();
  let throttled = 0;
  let generated = 0;
  const invalid = (errors: string[]): Reply => {
    refused.push(errors);
    return json(400, { status: 'invalid event', message: 'Event object is invalid', errors });
  };
  const receiver = await startReceiver((request) => {
    if (request.method !== 'POST' || request.path !== EVENTS_PATH) return { status: 404, body: 'Not found' };
    if (throttled > 0) {
      throttled--;
      return { status: 429, body: '' };
    }
    if (!String(request.headers['content-type']).startsWith('application/json'))
      return invalid(['Content-Type must be application/json']);
    let event: unknown;
    try {
      event = JSON.parse(request.body);
    } catch {
      return invalid(['the body is not valid JSON']);
    }
    const problems = eventProblems(event);
    if (problems.length) {
      const key = isObject(event) && typeof event.routing_key === 'string' ? event.routing_key : '';
      return invalid(options.echoRoutingKey ? problems.map((p) => `${p} (routing_key ${key})`) : problems);
    }
    const valid = event as unknown as AcceptedEvent;
    const dedupKey = valid.dedup_key ?? `generated-${++generated}`;
    accepted.push({ ...valid, dedup_key: dedupKey });
    const open = alerts.get(dedupKey);
    if (valid.event_action === 'trigger') {
      const payload = valid.payload as Json;
      alerts.set(dedupKey, {
        dedupKey,
        state: 'triggered',
        severity: String(payload.severity),
        summary: String(payload.summary),
        triggers: open && open.state !== 'resolved' ? open.triggers + 1 : 1,
      });
    } else if (open && open.state !== 'resolved') {
      // A resolve or acknowledge with no open alert is accepted and does nothing.
      open.state = valid.event_action === 'resolve' ? 'resolved' : 'acknowledged';
    }
    return json(202, { status: 'success', message: 'Event processed', dedup_key: dedupKey });
  });
  return {
    url: receiver.url(EVENTS_PATH),
    accepted,
    refused,
    receiver,
    alerts,
    throttle: (count) => {
      throttled = count;
    },
    stop: () => receiver.stop(),
  };
}
