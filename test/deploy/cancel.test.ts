import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFakeGitHub, type FakeGitHub } from '../github-api';
import { startRegistry, type Registry } from '../infra';
import { runBundledAction } from '../support/run-bundled-action';
import { pushMinimalImage } from '../rollback/push-minimal-image';

/**
 * A job cancelled mid-deploy: the runner signals the action. The deployment
 * must end as `failure`, not stay `in_progress` for ever, and the step still
 * writes its outputs and summary and exits 1 (never 128 + signal).
 */
describe('deploy cancelled by the runner', () => {
  let api: FakeGitHub;
  let registry: Registry;

  beforeAll(async () => {
    [api, registry] = await Promise.all([startFakeGitHub(), startRegistry()]);
    await pushMinimalImage(registry.host, 'acme/shop', 'v1', 'v1');
  });
  afterAll(async () => {
    await Promise.all([api?.stop(), registry?.stop()]);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'records failure on %s during the target step and fails the step',
    async (signal) => {
      const before = Math.max(0, ...api.state.deployments.map((d) => d.id));
      const created = () => api.state.deployments.filter((d) => d.id > before);
      const run = await runBundledAction('deploy', {
        inputs: {
          environment: 'production',
          image: `${registry.host}/acme/shop:v1`,
          target: 'command',
          command: 'sleep 30',
          'github-token': 'ghs_cancelTestToken0123456789',
        },
        env: { GITHUB_API_URL: api.url },
        timeoutMs: 120_000,
        cancel: {
          when: /::group::deploy command/,
          // The in_progress status is written in the background (GitHub's write spacing): wait for it.
          before: () =>
            waitFor(
              () =>
                created()
                  .map((d) => api.latestState(d.id))
                  .join() === 'in_progress',
            ),
          signals: [signal],
        },
      });

      expect(run.exitCode).toBe(1);
      expect(run.log).toContain(`::error::Cancelled (${signal})`);
      const [deployment] = created();
      expect(run.outputs['deployment-id']).toBe(String(deployment!.id));
      expect(run.summary).toContain('| Outcome | ❌ Failed |');
      expect(run.summary).toContain(`Cancelled (${signal})`);
      expect(api.latestState(deployment!.id)).toBe('failure');
      expect(api.state.statuses.filter((s) => s.deploymentId === deployment!.id).at(-1)?.description).toContain(
        `Cancelled (${signal})`,
      );
      expect(api.validationErrors).toEqual([]);
    },
  );
});

async function waitFor(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs / 1000}s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
