import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultTable, type Fault } from './faults';
import { createHandlers, latestStatus, type HandlerResult } from './handlers';
import { OpenApiValidator, type MatchedRequest } from './openapi-validator';
import { Representations } from './representations';
import { Seeder } from './seed';
import { emptyState, type FakeGitHubState } from './state';

export interface RecordedRequest {
  method: string;
  /** Concrete path without the query string. */
  path: string;
  /** GitHub's path template when the request matched an operation. */
  template?: string;
  operationId?: string;
  query: Record<string, string>;
  body?: unknown;
  /** Whether an Authorization header was sent (its value is never kept). */
  authorized: boolean;
  status: number;
  fault?: Fault['type'];
}

export interface FakeGitHub {
  /** Base URL for GITHUB_API_URL / Octokit's baseUrl, e.g. http://127.0.0.1:40123. */
  url: string;
  state: FakeGitHubState;
  seed: Seeder;
  /** Arms a fault for the next `times` matching requests (default 1; Infinity for all). */
  fault(method: string, pathPattern: string | RegExp, fault: Fault, times?: number): void;
  clearFaults(): void;
  requests: RecordedRequest[];
  /** Every request or response that did not match GitHub's description. Tests assert it is empty. */
  validationErrors: string[];
  /** The newest status of a deployment, read from state. */
  latestState(deploymentId: number | undefined): string | undefined;
  /** Requests that would create something (POST/PUT/PATCH/DELETE), for "nothing was created" checks. */
  writes(): RecordedRequest[];
  stop(): Promise<void>;
}

export interface FakeGitHubOptions {
  owner?: string;
  repo?: string;
}

let validator: OpenApiValidator | undefined;

/**
 * Starts the fake GitHub REST API on 127.0.0.1 at a random port. Every request
 * and every response is checked against GitHub's OpenAPI description.
 */
export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  validator ??= new OpenApiValidator();
  const checker = validator;
  const state = emptyState(options.owner ?? 'octo-org', options.repo ?? 'hello-world');
  const faults = new FaultTable();
  const requests: RecordedRequest[] = [];
  const validationErrors: string[] = [];
  // The base URL (and so every URL in a response) is known only once listening.
  const ready: { current?: { url: string; view: Representations; handlers: ReturnType<typeof createHandlers> } } = {};

  const server = createServer((req, res) => {
    readBody(req)
      .then((raw) => {
        if (!ready.current) throw new Error('fake GitHub not ready');
        const { url: baseUrl, view, handlers } = ready.current;
        return serve({
          baseUrl,
          req,
          res,
          raw,
          checker,
          state,
          faults,
          handlers,
          view,
          requests,
          validationErrors,
        });
      })
      .catch((error: unknown) => {
        validationErrors.push(
          `fake GitHub crashed on ${req.method} ${req.url}: ${(error as Error).stack ?? String(error)}`,
        );
        if (!res.headersSent) res.writeHead(500).end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const view = new Representations(state, url);
  ready.current = { url, view, handlers: createHandlers(state, view) };

  return {
    url,
    state,
    seed: new Seeder(state),
    fault: (method, pattern, fault, times = 1) => faults.add(method, pattern, fault, times),
    clearFaults: () => faults.clear(),
    requests,
    validationErrors,
    latestState: (id) => (id === undefined ? undefined : latestStatus(state, id)?.state),
    writes: () => requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD'),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface ServeContext {
  baseUrl: string;
  req: IncomingMessage;
  res: ServerResponse;
  raw: string;
  checker: OpenApiValidator;
  state: FakeGitHubState;
  faults: FaultTable;
  handlers: ReturnType<typeof createHandlers>;
  view: Representations;
  requests: RecordedRequest[];
  validationErrors: string[];
}

async function serve(ctx: ServeContext): Promise<void> {
  const { req, res, raw, checker, faults, view, validationErrors } = ctx;
  const method = (req.method ?? 'GET').toUpperCase();
  const target = new URL(req.url ?? '/', 'http://fake');
  const record: RecordedRequest = {
    method,
    path: target.pathname,
    query: Object.fromEntries(target.searchParams),
    authorized: typeof req.headers.authorization === 'string' && req.headers.authorization !== '',
    status: 0,
  };
  ctx.requests.push(record);
  const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    record.status = status;
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };

  const { matched, errors } = checker.match(method, target.pathname, target.searchParams);
  if (!matched) {
    validationErrors.push(...errors);
    return send(404, view.error('Not Found', 404));
  }
  record.template = matched.template;
  record.operationId = matched.operationId;

  let body: unknown;
  if (raw !== '') {
    try {
      body = JSON.parse(raw);
    } catch {
      errors.push(`${method} ${matched.template}: request body is not JSON`);
    }
  }
  record.body = body;
  errors.push(...checker.validateRequestBody(matched, method, body));
  if (errors.length > 0) {
    validationErrors.push(...errors);
    return send(422, {
      message: 'Validation Failed',
      documentation_url: 'https://docs.github.com/rest',
      errors: errors.map((message) => ({ code: 'invalid', message })),
    });
  }

  const fault = faults.take(method, matched.template, target.pathname);
  if (fault) {
    record.fault = fault.type;
    if (fault.type === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    else if (!('afterApplying' in fault && fault.afterApplying)) return sendFault(fault, ctx, send);
  }

  const result = handle(matched, body, ctx);
  if (fault && fault.type !== 'delay') return sendFault(fault, ctx, send);
  const { status, payload, headers } = paginate(result, matched, target, ctx.baseUrl);
  validationErrors.push(...checker.validateResponse(matched, method, status, payload));
  send(status, payload, headers);
}

function handle(matched: MatchedRequest, body: unknown, ctx: ServeContext): HandlerResult {
  const { owner, repo } = matched.params;
  if (
    owner !== undefined &&
    (owner.toLowerCase() !== ctx.state.owner.toLowerCase() || repo?.toLowerCase() !== ctx.state.repo.toLowerCase())
  ) {
    return { status: 404, body: ctx.view.error('Not Found', 404) };
  }
  const handler = ctx.handlers[matched.operationId];
  if (!handler) {
    ctx.validationErrors.push(`${matched.operationId} (${matched.template}) is not served by the fake GitHub API`);
    return { status: 404, body: ctx.view.error('Not Found', 404) };
  }
  return handler(matched, (body ?? {}) as Record<string, unknown>);
}

function sendFault(
  fault: Fault,
  ctx: ServeContext,
  send: (status: number, body: unknown, headers?: Record<string, string>) => void,
): void {
  if (fault.type === 'reset') {
    ctx.requests[ctx.requests.length - 1]!.status = -1;
    ctx.req.socket.destroy();
    return;
  }
  if (fault.type === 'secondary-rate-limit') {
    return send(
      403,
      {
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        documentation_url:
          'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
      },
      { 'retry-after': String(fault.retryAfterSeconds ?? 1) },
    );
  }
  if (fault.type === 'status')
    return send(fault.status, ctx.view.error(fault.message ?? defaultMessage(fault.status), fault.status));
}

function defaultMessage(status: number): string {
  if (status === 409) return 'Conflict';
  if (status >= 500) return 'Server Error';
  return 'Error';
}

function paginate(
  result: HandlerResult,
  matched: MatchedRequest,
  target: URL,
  baseUrl: string,
): { status: number; payload: unknown; headers: Record<string, string> } {
  if (!result.items) return { status: result.status, payload: result.body, headers: {} };
  const perPage = typeof matched.query.per_page === 'number' ? matched.query.per_page : 30;
  const page = typeof matched.query.page === 'number' ? matched.query.page : 1;
  const slice = result.items.slice((page - 1) * perPage, page * perPage);
  const last = Math.max(1, Math.ceil(result.items.length / perPage));
  const headers: Record<string, string> = {};
  if (page < last) {
    const link = (n: number) => {
      const next = new URL(target.href);
      next.searchParams.set('page', String(n));
      return `<${baseUrl}${next.pathname}${next.search}>`;
    };
    headers.link = `${link(page + 1)}; rel="next", ${link(last)}; rel="last"`;
  }
  return { status: result.status, payload: result.wrap ? result.wrap(slice, result.items.length) : slice, headers };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
