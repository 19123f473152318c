import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { Masker, runWorkflow, type WorkflowResult } from '@deploy-kit/local-runner';
import { leakedSecrets } from '../support/run-bundled-action';
import { repoRoot } from './checks/files';
import { ensureBundle } from './support/bundles';
import { startHttpPeer, type HttpPeer } from './support/http-peer';

// The local runner driving real deploy-kit bundles: a health endpoint and a
// webhook receiver on 127.0.0.1 are the only peers.
let app: HttpPeer;
let webhook: HttpPeer;
const WEBHOOK_PATH = '/hooks/T0KEN-in-the-path-9f8e7d';

beforeAll(async () => {
  ensureBundle('health-check');
  ensureBundle('notify');
  app = await startHttpPeer((_req, _body, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok', version: 'v1.2.0' }));
  });
  webhook = await startHttpPeer((_req, _body, res) => {
    res.writeHead(204);
    res.end();
  });
}, 400_000);

afterAll(async () => {
  await app?.stop();
  await webhook?.stop();
});

async function run(version: string): Promise<{ result: WorkflowResult; log: string }> {
  const lines: string[] = [];
  const result = await runWorkflow({
    file: join(import.meta.dirname, 'fixtures/runner/check-and-announce.yml'),
    event: {
      action: 'prereleased',
      release: { tag_name: version, prerelease: true },
      repository: { full_name: 'octo-org/app' },
    },
    eventName: 'release',
    inputs: { 'health-url': `${app.url}/api/health`, version },
    secrets: { 'webhook-url': `${webhook.url}${WEBHOOK_PATH}` },
    toolkitRoot: repoRoot,
    workspace: repoRoot,
    log: (line) => lines.push(line),
    masker: new Masker(),
  });
  return { result, log: lines.join('\n') };
}

describe('deploy-kit workflow with real action bundles', () => {
  it('passes outputs of a real action to the next job and delivers the announcement', async () => {
    const before = webhook.received.length;
    const { result, log } = await run('v1.2.0');
    if (result.result !== 'success') throw new Error(`the run failed:\n${log}`);
    expect(result.jobs.find((j) => j.id === 'check')?.outputs).toEqual({ healthy: 'true' });
    const sent = webhook.received.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.path).toBe(WEBHOOK_PATH);
    expect(JSON.parse(sent[0]?.body ?? '{}')).toMatchObject({
      status: 'success',
      environment: 'staging',
      version: 'v1.2.0',
    });
    expect(leakedSecrets(log, [`${webhook.url}${WEBHOOK_PATH}`, WEBHOOK_PATH])).toEqual([]);
  });

  it('an old version still answering is unhealthy, and the failure is what gets announced', async () => {
    const before = webhook.received.length;
    const { result, log } = await run('v1.3.0');
    // fail-on-unhealthy: false keeps the step green and says so in its output.
    if (result.result !== 'success') throw new Error(`the run failed:\n${log}`);
    expect(result.jobs.find((j) => j.id === 'check')?.outputs).toEqual({ healthy: 'false' });
    expect(log).toMatch(/v1\.2\.0/);
    const sent = webhook.received.slice(before);
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]?.body ?? '{}')).toMatchObject({ status: 'failure', version: 'v1.3.0' });
  });
});
