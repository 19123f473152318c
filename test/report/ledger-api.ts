// The fake GitHub API (test/github-api) plus the one operation the report
// needs that it does not serve yet: GET /repos/{owner}/{repo}/commits/{ref}
// (the deployed commit's committer time, for lead time). A small front on
// 127.0.0.1 answers that operation from `commits`, checking the request and
// its answer against GitHub's OpenAPI description with the fake's own
// validator, and passes every other request through to the fake unchanged.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeGitHub, type FakeGitHub } from '../github-api';
import { OpenApiValidator } from '../github-api/openapi-validator';
import { example } from '../github-api/spec';

export interface LedgerApi {
  /** Base URL for GITHUB_API_URL. */
  url: string;
  fake: FakeGitHub;
  /** Committer time (ISO 8601) of each commit the API knows, by sha. */
  commits: Map<string, string>;
  /** Answer every commit lookup with this error status from now on (e.g. 403: a token without contents: read). */
  refuseCommits(status: number): void;
  /** Every request, the front's commit requests included: `{ operationId, path }`. */
  requests(): { operationId: string; path: string }[];
  /** Problems found by either validator; tests expect none. */
  validationErrors(): string[];
  stop(): Promise<void>;
}

let validator: OpenApiValidator | undefined;

export async function startLedgerApi(): Promise<LedgerApi> {
  const fake = await startFakeGitHub();
  validator ??= new OpenApiValidator();
  const checker = validator;
  const commits = new Map<string, string>();
  const commitRequests: { operationId: string; path: string; order: number }[] = [];
  const errors: string[] = [];
  const fakeUrl = new URL(fake.url);
  let refusal: number | undefined;

  const server = createServer((req, res) => {
    const target = new URL(req.url ?? '/', 'http://front');
    const { matched, errors: found } = checker.match(req.method ?? 'GET', target.pathname, target.searchParams);
    if (matched?.operationId === 'repos/get-commit') {
      errors.push(...found);
      commitRequests.push({ operationId: matched.operationId, path: target.pathname, order: fake.requests.length });
      const sha = matched.params.ref ?? '';
      const date = refusal === undefined ? commits.get(sha) : undefined;
      const body = date ? commitBody(fake.url, fake.state.owner, fake.state.repo, sha, date) : refused(refusal);
      const status = date ? 200 : (refusal ?? 404);
      errors.push(...checker.validateResponse(matched, 'GET', status, body));
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
      return;
    }
    forward(req, res, fakeUrl);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    fake,
    commits,
    refuseCommits: (status) => {
      refusal = status;
    },
    requests: () => [
      ...fake.requests.map((r) => ({ operationId: r.operationId ?? '', path: r.path })),
      ...commitRequests.map(({ operationId, path }) => ({ operationId, path })),
    ],
    validationErrors: () => [...fake.validationErrors, ...errors],
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await fake.stop();
    },
  };
}

function forward(req: IncomingMessage, res: ServerResponse, to: URL): void {
  const upstream = httpRequest(
    { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, host: to.host } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(upstream);
}

function commitBody(base: string, owner: string, repo: string, sha: string, date: string): Record<string, unknown> {
  const body = example<Record<string, unknown>>('commit');
  const repoUrl = `${base}/repos/${owner}/${repo}`;
  const commit = body.commit as Record<string, unknown>;
  body.sha = sha;
  body.url = `${repoUrl}/commits/${sha}`;
  body.html_url = `https://github.com/${owner}/${repo}/commit/${sha}`;
  body.comments_url = `${repoUrl}/commits/${sha}/comments`;
  commit.url = `${repoUrl}/git/commits/${sha}`;
  commit.committer = { ...(commit.committer as Record<string, unknown>), date };
  commit.author = { ...(commit.author as Record<string, unknown>), date };
  // The description's own example lists a file without the fields its schema requires.
  body.files = [];
  return body;
}

function refused(status: number | undefined): Record<string, unknown> {
  return {
    message: status === 403 ? 'Resource not accessible by integration' : 'No commit found for SHA',
    documentation_url: 'https://docs.github.com/rest/commits/commits#get-a-commit',
  };
}
