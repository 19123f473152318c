import { describe, expect, it } from '@jest/globals';
import { healthOutputs, healthSummarySections } from '@deploy-kit/health';
import { check, scriptedServers } from './check-helpers';
import { json } from './scripted-server';

const serve = scriptedServers();

/** Everything a user sees of a check: log lines, every output, the job summary. */
function shown(result: Awaited<ReturnType<typeof check>>): string {
  return [
    ...result.lines,
    JSON.stringify(healthOutputs(result.report)),
    JSON.stringify(healthSummarySections(result.report)),
  ].join('\n');
}

describe('secrets in health URLs', () => {
  it('masks secret query values in log lines, outputs and the summary, and still sends them', async () => {
    const server = await serve((_n, _req, res) => json(res, 200, { status: 'down' }));
    const url = `${server.origin}/health?token=t0k3n-value&api_key=k3y-value&X-Amz-Signature=s1gnature&page=2`;
    const result = await check([url], { json: 'status == ok', 'failure-threshold': '1' });
    expect(server.requests[0]?.url).toBe(
      '/health?token=t0k3n-value&api_key=k3y-value&X-Amz-Signature=s1gnature&page=2',
    );
    const seen = shown(result);
    expect(seen).not.toMatch(/t0k3n-value|k3y-value|s1gnature/);
    expect(result.report.failingUrl).toBe(`${server.origin}/health?token=***&api_key=***&X-Amz-Signature=***&page=2`);
    expect(result.lines[0]).toContain(`${server.origin}/health?token=***&api_key=***&X-Amz-Signature=***&page=2`);
  });

  it('masks the names given in redact-query-params too', async () => {
    const server = await serve((_n, _req, res) => json(res, 503, {}));
    const result = await check([`${server.origin}/h?tenant=acme-private&page=2`], {
      'redact-query-params': 'tenant',
      'max-attempts': '1',
    });
    expect(shown(result)).not.toContain('acme-private');
    expect(result.report.urls[0]?.url).toBe(`${server.origin}/h?tenant=***&page=2`);
  });

  it('masks secrets in a redirect target and in an unfollowed Location', async () => {
    const server = await serve((_n, req, res) => {
      if (req.url === '/old') res.writeHead(302, { location: '/new?sig=r3direct-sig' }).end();
      else json(res, 200, { status: 'ok' });
    });
    const followed = await check([`${server.origin}/old`]);
    expect(followed.report.urls[0]?.attempts[0]?.finalUrl).toBe(`${server.origin}/new?sig=***`);
    expect(shown(followed)).not.toContain('r3direct-sig');
    const unfollowed = await check([`${server.origin}/old`], { 'follow-redirects': 'false', 'failure-threshold': '1' });
    expect(unfollowed.report.urls[0]?.attempts[0]?.error).toContain('redirect to /new?sig=*** not followed');
    expect(shown(unfollowed)).not.toContain('r3direct-sig');
  });
});
