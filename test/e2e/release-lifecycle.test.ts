import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkScenario } from '../demo/expectations';
import { observe, type Observation } from '../demo/observe';
import { DEMO_TOKEN, runScenario, type ScenarioResult } from '../demo/scenario';
import { startStack, type Stack } from '../demo/stack/start-stack';

// The one-service inputs path's lifecycle (the demo before it moved to the two-service layout
// of test/demo/services; its modules stay here for this test): release.yml run by `deploy-kit
// workflow` (the committed CLI bundle and action bundles) on real release payloads, against a
// real registry, Podman, an SSH host running two compose projects, a webhook receiver and the
// fake GitHub API. Prerelease v1.0.0-beta.1 -> staging; v1.0.0 (same commit) -> production
// by digest; v1.1.0 (a commit whose health says unhealthy) -> production -> rolled back.
describe('the release lifecycle, end to end', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'deploy-kit-e2e-'));
  let stack: Stack;
  let scenario: ScenarioResult;
  let seen: Observation;
  const lines: string[] = [];

  beforeAll(async () => {
    stack = await startStack({ workDir, log: (line) => lines.push(line) });
    scenario = await runScenario({ stack, workDir, log: (line) => lines.push(line) });
    seen = await observe(stack);
  }, 15 * 60_000);

  afterAll(async () => {
    const failures = (await stack?.stop()) ?? [];
    rmSync(workDir, { recursive: true, force: true });
    expect(failures).toEqual([]);
  }, 120_000);

  /** The run's log, shown when an expectation about it fails. */
  const runOf = (tag: string) => {
    const outcome = scenario.outcomes.find((o) => o.release.tag === tag);
    if (!outcome) throw new Error(`release ${tag} did not run:\n${lines.join('\n')}`);
    return { ...outcome.run, log: readFileSync(outcome.run.logFile, 'utf8') };
  };
  const image = (digest: string | undefined) => `${stack.image}@${digest}`;

  it('runs the prerelease and the release green, and fails the broken release after rolling it back', () => {
    const beta = runOf('v1.0.0-beta.1');
    expect({ exitCode: beta.exitCode, result: beta.outputs.result, log: beta.exitCode ? beta.log : '' }).toEqual({
      exitCode: 0,
      result: 'deployed',
      log: '',
    });
    const release = runOf('v1.0.0');
    expect({
      exitCode: release.exitCode,
      result: release.outputs.result,
      log: release.exitCode ? release.log : '',
    }).toEqual({
      exitCode: 0,
      result: 'deployed',
      log: '',
    });
    const broken = runOf('v1.1.0');
    expect(broken.outputs.result).toBe('rolled-back');
    // A rolled-back release is still a failed release: never a green run.
    expect(broken.exitCode).not.toBe(0);
    expect(broken.log).toMatch(/v1\.1\.0 was unhealthy on production and was rolled back/);
  });

  it('promotes v1.0.0 by digest: beta.1, v1.0.0, staging and the sha tag are one manifest', () => {
    const { tags } = seen;
    const built = tags['v1.0.0-beta.1'];
    expect(built).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect({
      'v1.0.0': tags['v1.0.0'],
      staging: tags.staging,
      [`sha-${scenario.commits.v1_0.slice(0, 7)}`]: tags[`sha-${scenario.commits.v1_0.slice(0, 7)}`],
    }).toEqual({ 'v1.0.0': built, staging: built, [`sha-${scenario.commits.v1_0.slice(0, 7)}`]: built });
    // The promotion built nothing: the release's run says so.
    expect(runOf('v1.0.0').log).toMatch(/already exists: promoting it to/);
  });

  it('pushes v1.1.0 as its own image; latest stays on v1.0.0, since v1.1.0 was rolled back', () => {
    const { tags } = seen;
    expect(tags['v1.1.0']).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(tags['v1.1.0']).not.toBe(tags['v1.0.0']);
    expect(tags[`sha-${scenario.commits.v1_1.slice(0, 7)}`]).toBe(tags['v1.1.0']);
    // Moving tags move only once production is healthy (the deploy step, not build-image): the
    // broken v1.1.0 failed its health check and was rolled back, so it never held latest.
    expect(tags.latest).toBe(tags['v1.0.0']);
    // vMAJOR and vMAJOR.MINOR move with latest, so they too stay on v1.0.0.
    expect(tags.v1).toBe(tags['v1.0.0']);
    expect(tags['v1.0']).toBe(tags['v1.0.0']);
    expect(Object.keys(tags).sort()).toEqual(
      [
        'latest',
        'staging',
        'v1',
        'v1.0',
        'v1.0.0',
        'v1.0.0-beta.1',
        'v1.1.0',
        `sha-${scenario.commits.v1_0.slice(0, 7)}`,
        `sha-${scenario.commits.v1_1.slice(0, 7)}`,
      ].sort(),
    );
  });

  it('leaves staging serving beta.1 and production serving the v1.0.0 image again', () => {
    const { staging, production } = seen.environments;
    const a = seen.tags['v1.0.0'];
    expect(staging).toMatchObject({
      runningImage: image(a),
      health: { status: 'ok', version: 'v1.0.0-beta.1', revision: scenario.commits.v1_0 },
    });
    expect(staging.page).toContain(`hello-world v1.0.0-beta.1 (commit ${scenario.commits.v1_0})`);
    // One image serves beta.1 and v1.0.0: it reports the commit and the version it was built for.
    expect(production).toMatchObject({
      runningImage: image(a),
      health: { status: 'ok', version: 'v1.0.0-beta.1', revision: scenario.commits.v1_0 },
    });
  });

  it('records every deploy and the rollback in GitHub Deployments, none left in progress', () => {
    const a = seen.tags['v1.0.0'];
    const b = seen.tags['v1.1.0'];
    const { staging, production } = stack.environments;
    const rows = (environment: 'staging' | 'production') =>
      seen.history[environment].map((e) => ({
        task: e.task,
        version: e.version,
        digest: e.digest,
        sha: e.sha,
        states: e.states,
        environmentUrl: e.environmentUrl,
        rolledBackFrom: e.rolledBackFrom?.version,
      }));
    expect(rows('staging')).toEqual([
      {
        task: 'deploy',
        version: 'v1.0.0-beta.1',
        digest: a,
        sha: scenario.commits.v1_0,
        states: ['in_progress', 'success'],
        environmentUrl: staging.url,
        rolledBackFrom: undefined,
      },
    ]);
    expect(rows('production')).toEqual([
      {
        task: 'deploy',
        version: 'v1.0.0',
        digest: a,
        sha: scenario.commits.v1_0,
        // Superseded once the rollback succeeded: exactly one deployment is current.
        states: ['in_progress', 'success', 'inactive'],
        environmentUrl: production.url,
        rolledBackFrom: undefined,
      },
      {
        task: 'deploy',
        version: 'v1.1.0',
        digest: b,
        sha: scenario.commits.v1_1,
        states: ['in_progress', 'failure'],
        environmentUrl: production.url,
        rolledBackFrom: undefined,
      },
      {
        task: 'rollback',
        version: 'v1.0.0',
        digest: a,
        sha: scenario.commits.v1_0,
        states: ['in_progress', 'success'],
        environmentUrl: production.url,
        rolledBackFrom: 'v1.1.0',
      },
    ]);
    const rollback = seen.history.production[2];
    expect(rollback?.rolledBackFrom).toMatchObject({ digest: b, deploymentId: seen.history.production[1]?.id });
    expect(seen.apiValidationErrors).toEqual([]);
  });

  it('announces each release on Slack and on the signed webhook', () => {
    const received = (channel: string) =>
      seen.notifications
        .filter((n) => n.channel === channel)
        .map((n) => ({ status: n.status, environment: n.environment, version: n.version }));
    const expected = [
      { status: 'success', environment: 'staging', version: 'v1.0.0-beta.1' },
      { status: 'success', environment: 'production', version: 'v1.0.0' },
      { status: 'rolled-back', environment: 'production', version: 'v1.1.0' },
    ];
    expect(received('webhook')).toEqual(expected);
    expect(received('slack')).toEqual(expected);
    expect(seen.notifications.every((n) => n.signatureValid)).toBe(true);
    expect(seen.refusedNotifications).toEqual([]);
  });

  it('keeps the token, the SSH key and the webhook secrets out of every log', () => {
    const secrets = [
      DEMO_TOKEN,
      stack.sshd.privateKey.trim(),
      stack.receiver.webhookSecret,
      new URL(stack.receiver.webhookUrl).pathname,
    ];
    for (const outcome of scenario.outcomes) {
      const log = readFileSync(outcome.run.logFile, 'utf8');
      expect(secrets.filter((secret) => log.includes(secret)).length).toBe(0);
    }
  });

  it('passes every check the demo prints', () => {
    expect(checkScenario(stack, scenario, seen).filter((c) => !c.ok)).toEqual([]);
  });
});
