import { readFileSync } from 'node:fs';
import type { HistoryEntry } from './deployment-history';
import type { Observation } from './observe';
import { RELEASES } from './release-events';
import { DEMO_TOKEN, type ReleaseOutcome, type ScenarioResult } from './scenario';
import type { Stack } from './stack/start-stack';

/** One thing the scenario must have ended with, and whether it did. */
export interface Check {
  what: string;
  ok: boolean;
  /** What was found, when it was not what was expected. */
  found?: string;
}

function check(what: string, ok: boolean, found: unknown): Check {
  return ok ? { what, ok } : { what, ok, found: typeof found === 'string' ? found : JSON.stringify(found) };
}

function brief(entries: HistoryEntry[]): string {
  return entries.map((e) => `${e.task} ${e.version} ${e.digest.slice(7, 19)} ${e.states.join('>')}`).join(' | ');
}

/** A deploy ends green with result deployed; a rolled-back release ends red with result rolled-back. */
export function ranAsExpected({ release, run }: ReleaseOutcome): boolean {
  const exitOk = release.expected === 'deployed' ? run.exitCode === 0 : run.exitCode !== 0;
  return exitOk && run.outputs.result === release.expected;
}

/** Exit code, result and the run's first error lines: why a run went the way it did. */
function describeRun(outcome: ReleaseOutcome): string {
  const errors = readFileSync(outcome.run.logFile, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('Error:'));
  const unique = [...new Set(errors)].slice(0, 3);
  return [
    `exit code ${outcome.run.exitCode}, result "${outcome.run.outputs.result ?? ''}"`,
    ...unique.map((line) => `        ${line}`),
  ].join('\n');
}

/** The sha tag build-image pushes for a commit (sha-<first 7>). */
function shaTag(sha: string): string {
  return `sha-${sha.slice(0, 7)}`;
}

/**
 * What the release lifecycle must end with, as the issue and release.yml define it.
 * The demo exits 0 only when every check holds; the end-to-end test asserts the
 * same facts one by one.
 */
export function checkScenario(stack: Stack, scenario: ScenarioResult, seen: Observation): Check[] {
  const checks: Check[] = [];
  const { v1_0, v1_1 } = scenario.commits;
  const ref = (digest: string | undefined) => `${stack.image}@${digest}`;

  // The runs: a rolled-back release is still a failed run.
  for (const release of RELEASES) {
    const outcome = scenario.outcomes.find((o) => o.release.tag === release.tag);
    const what =
      release.expected === 'deployed'
        ? `${release.tag}: the workflow succeeded and deployed`
        : `${release.tag}: the workflow failed and reported rolled-back`;
    checks.push(
      check(what, outcome !== undefined && ranAsExpected(outcome), outcome ? describeRun(outcome) : 'did not run'),
    );
  }

  // The registry: one image for commit A under every tag of it, a second one for commit B.
  const { tags } = seen;
  const a = tags['v1.0.0-beta.1'];
  checks.push(
    check(
      'registry: v1.0.0 is v1.0.0-beta.1 promoted by digest (same digest, also staging and the sha tag)',
      a !== undefined && tags['v1.0.0'] === a && tags.staging === a && tags[shaTag(v1_0)] === a,
      tags,
    ),
    check(
      'registry: v1.1.0 is a different image, under its own sha tag',
      tags['v1.1.0'] !== undefined && tags['v1.1.0'] !== a && tags[shaTag(v1_1)] === tags['v1.1.0'],
      tags,
    ),
    // Moving tags move only once production is healthy: the broken v1.1.0 was rolled back, so it never held latest.
    check(
      'registry: latest is v1.0.0, moved after production was healthy (the rolled-back v1.1.0 never held it)',
      a !== undefined && tags.latest === a,
      tags,
    ),
  );

  // What runs and answers.
  const { staging, production } = seen.environments;
  checks.push(
    check(
      'staging runs v1.0.0-beta.1 by digest and answers healthy',
      staging.runningImage === ref(a) &&
        staging.health?.status === 'ok' &&
        staging.health.revision === v1_0 &&
        staging.health.version === 'v1.0.0-beta.1',
      staging,
    ),
    check(
      'production runs the commit A image again (rolled back) and answers healthy',
      production.runningImage === ref(a) && production.health?.status === 'ok' && production.health.revision === v1_0,
      production,
    ),
  );

  // The ledger.
  const { history } = seen;
  const [stagingDeploy, ...stagingRest] = history.staging;
  checks.push(
    check(
      'ledger: staging has one successful deploy of v1.0.0-beta.1',
      stagingRest.length === 0 &&
        stagingDeploy?.task === 'deploy' &&
        stagingDeploy.version === 'v1.0.0-beta.1' &&
        stagingDeploy.digest === a &&
        stagingDeploy.state === 'success',
      brief(history.staging),
    ),
  );
  const [first, failed, rollback, ...more] = history.production;
  checks.push(
    check(
      'ledger: production v1.0.0 deployed (then superseded by the rollback)',
      first?.task === 'deploy' &&
        first.version === 'v1.0.0' &&
        first.digest === a &&
        first.states.includes('success') &&
        first.state === 'inactive',
      brief(history.production),
    ),
    check(
      'ledger: production v1.1.0 recorded as failed',
      failed?.task === 'deploy' &&
        failed.version === 'v1.1.0' &&
        failed.digest === tags['v1.1.0'] &&
        failed.state === 'failure',
      brief(history.production),
    ),
    check(
      'ledger: a rollback to v1.0.0 naming v1.1.0 as what it rolled back from',
      more.length === 0 &&
        rollback?.task === 'rollback' &&
        rollback.version === 'v1.0.0' &&
        rollback.digest === a &&
        rollback.state === 'success' &&
        rollback.rolledBackFrom?.version === 'v1.1.0',
      history.production.map((e) => ({ ...e, payload: undefined })),
    ),
  );
  const unfinished = [...history.staging, ...history.production].filter((e) =>
    ['in_progress', 'queued', 'pending', ''].includes(e.state),
  );
  checks.push(
    check('ledger: no deployment left in progress', unfinished.length === 0, brief(unfinished)),
    check(
      "ledger: every request matched GitHub's OpenAPI description",
      seen.apiValidationErrors.length === 0,
      seen.apiValidationErrors,
    ),
  );

  // The notifications: one per release and channel, signed.
  const sent = seen.notifications.map((n) => `${n.channel} ${n.status} ${n.environment} ${n.version}`).sort();
  const expected = ['slack', 'webhook']
    .flatMap((channel) => [
      `${channel} success staging v1.0.0-beta.1`,
      `${channel} success production v1.0.0`,
      `${channel} rolled-back production v1.1.0`,
    ])
    .sort();
  checks.push(
    check(
      'notifications: success, success, rolled-back on Slack and the signed webhook',
      JSON.stringify(sent) === JSON.stringify(expected),
      sent,
    ),
    check(
      'notifications: none refused (bad signature, bad shape)',
      seen.refusedNotifications.length === 0,
      seen.refusedNotifications,
    ),
  );

  // Secrets never reach the logs.
  const secrets = [
    DEMO_TOKEN,
    stack.sshd.privateKey.trim(),
    stack.receiver.webhookSecret,
    new URL(stack.receiver.webhookUrl).pathname,
  ];
  const leaked = scenario.outcomes.filter(({ run }) => {
    const log = readFileSync(run.logFile, 'utf8');
    return secrets.some((secret) => log.includes(secret));
  });
  checks.push(
    check(
      'no secret (token, SSH key, webhook URL or secret) in any workflow log',
      leaked.length === 0,
      leaked.map((o) => o.run.logFile),
    ),
  );
  return checks;
}
