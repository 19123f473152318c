import { readFileSync } from 'node:fs';
import type { Check } from '../expectations';
import { DEMO_TOKEN } from '../scenario';
import { SERVICES, type ServiceName } from './hosts';
import { serviceDigest, type ServicesObservation } from './observe';
import type { ServicesScenario, StepOutcome } from './scenario';
import type { ServicesStack } from './stack';

function check(what: string, ok: boolean, found: unknown): Check {
  return ok ? { what, ok } : { what, ok, found: typeof found === 'string' ? found : JSON.stringify(found) };
}

/** A release ends green with result deployed, or red with result rolled-back; the rollback green, on its version. */
export function stepRanAsExpected({ step, exitCode, outputs }: StepOutcome): boolean {
  if (step.kind === 'rollback') return exitCode === 0 && outputs.version === step.expectedVersion;
  const exitOk = step.expected === 'deployed' ? exitCode === 0 : exitCode !== 0;
  return exitOk && outputs.result === step.expected;
}

/** Exit code, outputs and the run's first error lines: why a run went the way it did. */
function describeRun(outcome: StepOutcome): string {
  const errors = readFileSync(outcome.logFile, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('Error:'));
  return [
    `exit code ${outcome.exitCode}, outputs ${JSON.stringify(outcome.outputs)}`,
    ...[...new Set(errors)].slice(0, 3).map((line) => `        ${line}`),
  ].join('\n');
}

/**
 * What the two-service story must end with (issue 9's end-to-end scenario). The demo exits 0
 * only when every check holds.
 */
export function checkServicesScenario(
  stack: ServicesStack,
  scenario: ServicesScenario,
  seen: ServicesObservation,
): Check[] {
  const checks: Check[] = [];
  const { A, B, C } = scenario.commits;

  for (const outcome of scenario.outcomes) {
    const { step } = outcome;
    const what =
      step.kind === 'rollback'
        ? `manual rollback of ${step.environment}: the workflow succeeded, back on ${step.expectedVersion}`
        : step.expected === 'deployed'
          ? `${step.tag}: the workflow succeeded and deployed to ${step.environment}`
          : `${step.tag}: the workflow failed and reported rolled-back`;
    checks.push(check(what, stepRanAsExpected(outcome), describeRun(outcome)));
  }
  if (scenario.outcomes.length < 5) checks.push(check('every step ran', false, `${scenario.outcomes.length} of 5`));

  // The registry, per service.
  for (const service of SERVICES) {
    const tags = seen.tags[service];
    const beta = tags['v1.0.0-beta.1'];
    checks.push(
      check(
        `registry ${service}: v1.0.0 is v1.0.0-beta.1 promoted by digest (also staging and sha-${A.slice(0, 7)})`,
        beta !== undefined && tags['v1.0.0'] === beta && tags.staging === beta && tags[`sha-${A.slice(0, 7)}`] === beta,
        tags,
      ),
      check(
        `registry ${service}: v1.1.0 and v1.2.0 are images of their own, each under its sha tag`,
        tags['v1.1.0'] !== undefined &&
          tags['v1.2.0'] !== undefined &&
          new Set([beta, tags['v1.1.0'], tags['v1.2.0']]).size === 3 &&
          tags[`sha-${B.slice(0, 7)}`] === tags['v1.1.0'] &&
          tags[`sha-${C.slice(0, 7)}`] === tags['v1.2.0'],
        tags,
      ),
      check(
        `registry ${service}: latest, v1 and v1.0 are back on v1.0.0 (v1.1.0 and v1.2.0 were rolled back; v1.1 never existed)`,
        beta !== undefined &&
          tags.latest === beta &&
          tags.v1 === beta &&
          tags['v1.0'] === beta &&
          tags['v1.1'] === undefined,
        tags,
      ),
    );
  }

  // What runs and answers: staging the prerelease, production v1.0.0 again, both services each.
  for (const view of seen.services) {
    const want = seen.tags[view.service]['v1.0.0-beta.1'];
    checks.push(
      check(
        `${view.environment} ${view.service}: runs the v1.0.0 image (built as v1.0.0-beta.1) by digest and answers ok`,
        view.runningImage === `${stack.images[view.service]}@${want}` &&
          view.health?.status === 'ok' &&
          view.health.version === 'v1.0.0-beta.1' &&
          view.health.revision === A,
        view,
      ),
    );
  }

  // The ledger: one deployment per environment per release, naming every service.
  const staging = seen.history.staging;
  checks.push(
    check(
      'ledger: staging has one successful deploy of v1.0.0-beta.1, both services',
      staging.length === 1 &&
        staging[0]?.version === 'v1.0.0-beta.1' &&
        staging[0].state === 'success' &&
        SERVICES.every((s) => serviceDigest(staging[0], s) === seen.tags[s]['v1.0.0-beta.1']),
      staging.map((e) => `${e.task} ${e.version} ${e.state}`),
    ),
  );
  const production = seen.history.production;
  const brief = production.map(
    (e) => `${e.task} ${e.version} ${e.state}${e.rolledBackFrom ? ` from ${e.rolledBackFrom.version}` : ''}`,
  );
  const expected = [
    'deploy v1.0.0 inactive',
    'deploy v1.1.0 failure',
    'rollback v1.0.0 inactive from v1.1.0',
    'deploy v1.2.0 failure',
    'rollback v1.0.0 success from v1.2.0',
  ];
  checks.push(
    check(
      'ledger: production v1.0.0, v1.1.0 failed and rolled back, v1.2.0, rolled back by hand',
      JSON.stringify(brief) === JSON.stringify(expected),
      brief,
    ),
    check(
      'ledger: every production deployment names both services with the digests it ran',
      production.length === 5 &&
        production.every((entry) =>
          SERVICES.every((s: ServiceName) => serviceDigest(entry, s) === seen.tags[s][entry.version]),
        ),
      production.map((e) => e.payload.services),
    ),
    check(
      'ledger: no deployment left in progress',
      [...staging, ...production].every((e) => !['in_progress', 'queued', 'pending', ''].includes(e.state)),
      [...staging, ...production].map((e) => `${e.id} ${e.state}`),
    ),
    check(
      "ledger: every request matched GitHub's OpenAPI description",
      seen.apiValidationErrors.length === 0,
      seen.apiValidationErrors,
    ),
  );

  // Notifications: each release announced on Slack and the signed webhook.
  const sent = seen.notifications.map((n) => `${n.channel} ${n.status} ${n.environment} ${n.version}`);
  const announced = ['slack', 'webhook'].flatMap((channel) => [
    `${channel} success staging v1.0.0-beta.1`,
    `${channel} success production v1.0.0`,
    `${channel} rolled-back production v1.1.0`,
    `${channel} success production v1.2.0`,
  ]);
  checks.push(
    check(
      'notifications: every release announced on Slack and the signed webhook (success, success, rolled-back, success)',
      announced.every((line) => sent.includes(line)),
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
    stack.hosts.staging.sshd.privateKey.trim(),
    stack.hosts.production.sshd.privateKey.trim(),
    stack.receiver.webhookSecret,
    new URL(stack.receiver.webhookUrl).pathname,
  ];
  const leaked = scenario.outcomes.filter((o) => {
    const log = readFileSync(o.logFile, 'utf8');
    return secrets.some((secret) => log.includes(secret));
  });
  checks.push(
    check(
      'no secret (token, either SSH key, webhook URL or secret) in any workflow log',
      leaked.length === 0,
      leaked.map((o) => o.logFile),
    ),
  );
  return checks;
}
