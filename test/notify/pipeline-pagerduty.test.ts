import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFakeGitHub, type FakeGitHub } from '../github-api';
import { startRegistry, type Registry } from '../infra';
import { pushMinimalImage } from '../rollback/push-minimal-image';
import { leakedSecrets, runBundledAction } from '../support/run-bundled-action';
import { startPagerDutyPeer, type PagerDutyPeer } from './support/pagerduty-peer';
import { visibleOutput } from './support/secrets';

// The bundle must be built first: node scripts/build.js pipeline
const ROUTING_KEY = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
// runBundledAction's runner environment deploys octo-org/hello-world.
const DEDUP_KEY = 'deploy-kit/octo-org/hello-world/staging';

/**
 * The one-step action (root action.yml) with PagerDuty as its only channel:
 * a deploy whose command fails opens an alert, the next deploy that works
 * resolves it. The command target runs a local script; the GitHub API is
 * the local fake, the registry a real one on loopback.
 */
describe('the one-step action pages PagerDuty', () => {
  let api: FakeGitHub;
  let registry: Registry;
  let peer: PagerDutyPeer;
  let work: string;

  beforeAll(async () => {
    [api, registry, peer] = await Promise.all([startFakeGitHub(), startRegistry(), startPagerDutyPeer()]);
    api.seed.environment('staging');
    work = mkdtempSync(join(tmpdir(), 'deploy-kit-pagerduty-'));
    for (const version of ['v1.0.0', 'v1.0.1']) await pushMinimalImage(registry.host, 'acme/shop', version, version);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([api?.stop(), registry?.stop(), peer?.stop()]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const deploy = (version: string, command: string) =>
    runBundledAction('pipeline', {
      inputs: {
        environment: 'staging',
        image: `${registry.host}/acme/shop:${version}`,
        target: 'command',
        command,
        'github-token': 'ghs_pagerDutyPipelineToken0123',
        'pagerduty-routing-key': ROUTING_KEY,
        'pagerduty-url': peer.url,
      },
      env: { GITHUB_API_URL: api.url },
      timeoutMs: 120_000,
    });

  it('triggers on a failed deploy and resolves on the next successful one, never printing the key', async () => {
    const script = join(work, 'deploy.sh');
    writeFileSync(script, 'echo "deploying $DEPLOY_VERSION"; [ "$DEPLOY_VERSION" != v1.0.0 ]\n', { mode: 0o755 });

    const failed = await deploy('v1.0.0', script);
    expect({ exitCode: failed.exitCode, result: failed.outputs.result }).toEqual({ exitCode: 1, result: 'failed' });
    expect(failed.outputs.notified).toBe('pagerduty');
    expect(peer.refused).toEqual([]);
    expect(peer.accepted.map((e) => [e.event_action, e.dedup_key])).toEqual([['trigger', DEDUP_KEY]]);
    expect(peer.alerts.get(DEDUP_KEY)).toMatchObject({ state: 'triggered', severity: 'error' });

    const fixed = await deploy('v1.0.1', script);
    expect({ exitCode: fixed.exitCode, result: fixed.outputs.result }).toEqual({ exitCode: 0, result: 'deployed' });
    expect(peer.accepted.map((e) => [e.event_action, e.dedup_key])).toEqual([
      ['trigger', DEDUP_KEY],
      ['resolve', DEDUP_KEY],
    ]);
    expect(peer.alerts.get(DEDUP_KEY)?.state).toBe('resolved');

    for (const run of [failed, fixed]) expect(leakedSecrets(visibleOutput(run), [ROUTING_KEY])).toEqual([]);
    expect(api.validationErrors).toEqual([]);
  }, 300_000);
});
