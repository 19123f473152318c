import { describe, expect, it } from '@jest/globals';
import { markdownTable } from '@deploy-kit/action-kit';
import type { HealthReport } from '@deploy-kit/health';
import { releasePayload, type DeploymentRecord } from '@deploy-kit/ledger';
import type { DeployRequest, DeployTarget } from '@deploy-kit/targets';
import type { PipelineState } from './state';
import { pipelineSummary } from './summary';

const target: DeployTarget = {
  kind: 'command',
  describe: () => 'command ./deploy.sh',
  current: async () => undefined,
  deploy: async () => undefined,
};

const request = (version: string): DeployRequest => ({
  version,
  environment: 'production',
  services: [
    {
      service: 'app',
      composeService: 'app',
      imageVariable: 'IMAGE',
      image: `ghcr.io/acme/shop:${version}`,
      digest: `sha256:${version}`,
      imageRef: `ghcr.io/acme/shop@sha256:${version}`,
    },
  ],
});

const record = (id: number, version: string): DeploymentRecord => ({
  id,
  sha: 'abc',
  environment: 'production',
  task: 'deploy',
  createdAt: '2026-11-22T04:00:00Z',
  payload: releasePayload(version, [
    { service: 'app', image: `ghcr.io/acme/shop:${version}`, digest: `sha256:${version}` },
  ]),
});

const report = (healthy: boolean): HealthReport => ({
  healthy,
  attempts: healthy ? 1 : 5,
  durationMs: 2500,
  ...(healthy ? {} : { failingUrl: 'https://shop.example.com/api/health' }),
  checks: ['GET status 200-299'],
  urls: [],
});

function base(overrides: Partial<PipelineState>): PipelineState {
  return {
    environment: 'production',
    version: 'v2.0.0',
    rollbackOn: 'unhealthy',
    result: 'failed',
    checks: {
      results: [
        { check: 'version policy', outcome: 'passed', detail: 'v2.0.0: newer than v1.0.0' },
        { check: 'freeze', outcome: 'skipped', detail: 'no `freeze` windows given' },
      ],
      failures: [],
    },
    deploy: {},
    notifications: [],
    ...overrides,
  };
}

/** The stage table as text, row by row, for readable assertions. */
function stageRows(state: PipelineState, healthConfigured = true): string[] {
  const { sections } = pipelineSummary(state, { target, healthConfigured });
  const table = sections[0]?.table;
  if (!table) throw new Error('no stage table');
  return markdownTable(table.header, table.rows).split('\n').slice(2);
}

describe('pipelineSummary', () => {
  it('shows a deployed run stage by stage', () => {
    const state = base({
      result: 'deployed',
      deploy: {
        intent: { kind: 'release', request: request('v2.0.0'), sha: 'abc', description: 'Deploy v2.0.0' },
        record: record(7, 'v2.0.0'),
        deployed: true,
        health: report(true),
        outcome: 'success',
      },
      notifications: [
        {
          notice: { status: 'success', version: 'v2.0.0' },
          result: {
            delivered: ['slack'],
            failed: [],
            channels: [
              { channel: 'slack', destination: 'hooks.slack.com', delivered: true, attempts: 1, detail: 'ok' },
            ],
          },
        },
      ],
    });
    expect(pipelineSummary(state, { target, healthConfigured: true }).title).toBe(
      'Deploy pipeline: v2.0.0 to production',
    );
    expect(stageRows(state)).toEqual([
      '| Pre-deploy checks | ✅ passed | 1 passed, 1 skipped |',
      '| Deploy | ✅ live | v2.0.0 (sha256:v2.0.0) as deployment #7 |',
      '| Health check | ✅ healthy | 1 attempt(s) in 2.5s |',
      '| Rollback | ⏭️ not needed | — |',
      '| Notify (success) | ✅ delivered | slack |',
    ]);
  });

  it('shows a rolled-back run, with the deploy and the rollback each in their own section', () => {
    const state = base({
      result: 'rolled-back',
      failedStage: 'health-check',
      deployError: new Error('Health check failed'),
      deploy: {
        intent: { kind: 'release', request: request('v2.0.0'), sha: 'abc', description: 'Deploy v2.0.0' },
        record: record(7, 'v2.0.0'),
        deployed: true,
        health: report(false),
        outcome: 'failure',
      },
      rollback: {
        progress: {
          intent: { kind: 'release', request: request('v1.0.0'), sha: 'abc', description: 'Roll back to v1.0.0' },
          record: record(9, 'v1.0.0'),
          deployed: true,
          health: report(true),
          outcome: 'success',
        },
      },
    });
    expect(stageRows(state)).toEqual([
      '| Pre-deploy checks | ✅ passed | 1 passed, 1 skipped |',
      '| Deploy | ❌ failed | v2.0.0 (sha256:v2.0.0) went live; deployment #7 is recorded as failure |',
      '| Health check | ❌ unhealthy | https://shop.example.com/api/health: 5 attempt(s) in 2.5s |',
      '| Rollback | ↩️ rolled back | to v1.0.0 (sha256:v1.0.0) as deployment #9, healthy |',
      '| Notify | ⏭️ not sent | — |',
    ]);
    const { sections } = pipelineSummary(state, { target, healthConfigured: true });
    expect(sections[0]?.text).toContain('**rolled-back**');
    expect(sections.map((s) => s.heading).filter(Boolean)).toEqual(
      expect.arrayContaining(['Pre-deploy checks', 'Deploy', 'Rollback']),
    );
  });

  it('shows a refused run: nothing deployed, no deploy section', () => {
    const state = base({
      failedStage: 'checks',
      checks: {
        results: [{ check: 'version policy', outcome: 'failed', detail: 'v2.0.0-rc.1 is a prerelease' }],
        failures: [{ check: 'version policy', reason: 'v2.0.0-rc.1 is a prerelease' }],
      },
    });
    expect(stageRows(state, false)).toEqual([
      '| Pre-deploy checks | ❌ failed | 1 failed: version policy |',
      '| Deploy | ⏭️ not run | refused by the pre-deploy checks |',
      '| Health check | ⏭️ not configured | no health URL configured |',
      '| Rollback | ⏭️ not needed | nothing was deployed |',
      '| Notify | ⏭️ not sent | — |',
    ]);
    const headings = pipelineSummary(state, { target, healthConfigured: false }).sections.map((s) => s.heading);
    expect(headings).not.toContain('Deploy');
  });

  it('says why a failed deploy was not rolled back, and when the rollback failed', () => {
    const failedOnTarget = {
      intent: { kind: 'release' as const, request: request('v2.0.0'), sha: 'abc', description: 'Deploy v2.0.0' },
      record: record(7, 'v2.0.0'),
      outcome: 'failure' as const,
    };
    expect(
      stageRows(base({ failedStage: 'deploy', deploy: failedOnTarget, rollbackSkipped: '`rollback-on` is never' })),
    ).toEqual(
      expect.arrayContaining([
        '| Deploy | ❌ failed | deployment #7 of v2.0.0 (sha256:v2.0.0) failed on the target |',
        '| Health check | ⏭️ not run | the deploy stopped before it |',
        '| Rollback | ⏭️ skipped | `rollback-on` is never |',
      ]),
    );
    expect(
      stageRows(
        base({
          failedStage: 'deploy',
          deploy: failedOnTarget,
          rollback: { progress: { outcome: 'failure' }, error: new Error('Nothing to roll back to') },
        }),
      ),
    ).toEqual(expect.arrayContaining(['| Rollback | ❌ failed | Nothing to roll back to |']));
  });

  it('says in the result line why a failed run failed: refused, the rollback failed too, cancelled', () => {
    const failedOnTarget = {
      intent: { kind: 'release' as const, request: request('v2.0.0'), sha: 'abc', description: 'Deploy v2.0.0' },
      record: record(7, 'v2.0.0'),
      outcome: 'failure' as const,
    };
    const result = (state: PipelineState) =>
      pipelineSummary(state, { target, healthConfigured: true }).sections[0]?.text;
    expect(
      result(
        base({
          failedStage: 'checks',
          checks: { results: [], failures: [{ check: 'freeze', reason: 'inside a freeze window' }] },
        }),
      ),
    ).toBe('Result: ❌ **failed**: refused before anything was deployed');
    expect(
      result(
        base({
          failedStage: 'deploy',
          deploy: failedOnTarget,
          deployError: new Error('docker compose up -d failed'),
          rollback: { progress: {}, error: new Error('Nothing to roll back to') },
        }),
      ),
    ).toBe('Result: ❌ **failed**: the deploy failed, and so did its automatic rollback');
    expect(
      result(
        base({
          failedStage: 'deploy',
          deploy: failedOnTarget,
          deployError: new Error('Cancelled (SIGTERM)'),
          cancelled: true,
          rollbackSkipped: 'the job was cancelled',
        }),
      ),
    ).toBe('Result: ❌ **failed**: the job was cancelled during the deploy; not rolled back');
  });
});
