import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseOutputs, spawnToFile, TOOLKIT_ROOT } from '../run-release';
import { DEMO_TOKEN } from '../scenario';
import { createServicesRepo, CONTEXTS, type ServicesRepo } from './consumer-repo';
import { environmentConfig, SERVICES, type EnvironmentName } from './hosts';
import type { ServicesStack } from './stack';

const EVENTS = resolve(import.meta.dirname, '../../fixtures/events');
const CLI = join(TOOLKIT_ROOT, 'bin/deploy-kit.js');

/** One step of the story: a GitHub release through release.yml, or an operator's rollback through rollback.yml. */
export type DemoStep =
  | {
      kind: 'release';
      tag: string;
      /** Its real webhook payload in test/fixtures/events/. */
      fixture: string;
      environment: EnvironmentName;
      /** The commit it releases: A (1.0.0), B (1.1.0, broken frontend), C (1.2.0). */
      commit: 'A' | 'B' | 'C';
      expected: 'deployed' | 'rolled-back';
      story: string;
    }
  | { kind: 'rollback'; environment: EnvironmentName; reason: string; expectedVersion: string; story: string };

export const STEPS: readonly DemoStep[] = [
  {
    kind: 'release',
    tag: 'v1.0.0-beta.1',
    fixture: 'release-prereleased-v1.0.0-beta.1.json',
    environment: 'staging',
    commit: 'A',
    expected: 'deployed',
    story: 'a prerelease: both services built once, deployed together to staging',
  },
  {
    kind: 'release',
    tag: 'v1.0.0',
    fixture: 'release-released-v1.0.0.json',
    environment: 'production',
    commit: 'A',
    expected: 'deployed',
    story: 'the release of the same commit: both promoted by digest (no build) to production',
  },
  {
    kind: 'release',
    tag: 'v1.1.0',
    fixture: 'release-released-v1.1.0.json',
    environment: 'production',
    commit: 'B',
    expected: 'rolled-back',
    story: 'a release whose frontend is broken: both services go back to v1.0.0 together',
  },
  {
    kind: 'release',
    tag: 'v1.2.0',
    fixture: 'release-published-v1.2.0.json',
    environment: 'production',
    commit: 'C',
    expected: 'deployed',
    story: 'the fix: both services deployed, healthy',
  },
  {
    kind: 'rollback',
    environment: 'production',
    reason: 'v1.2.0 breaks checkout',
    expectedVersion: 'v1.0.0',
    story: 'an operator rolls production back by hand (rollback.yml): the last release good as a whole',
  },
];

export interface StepOutcome {
  step: DemoStep;
  /** The commit released (for a rollback: the checkout's head). */
  sha: string;
  exitCode: number;
  logFile: string;
  /** The workflow's outputs (result, version, ...). */
  outputs: Record<string, string>;
  /** Wall-clock time of the run (shown, never asserted). */
  seconds: number;
}

export interface ServicesScenario {
  repo: ServicesRepo;
  commits: Record<'A' | 'B' | 'C', string>;
  outcomes: StepOutcome[];
  logDir: string;
}

/** The repository's `.github/deploy-kit.yml`: two services, staging and production on their own hosts. */
export function demoConfig(stack: ServicesStack): string {
  // The app answers 200 even when unhealthy: its JSON says so. A short deadline, so the broken
  // release is judged in seconds rather than the 5 minute default.
  const health = `    health: { json: ['status == "ok"'], interval: 1s, deadline: 20s }`;
  return [
    '# Two services per release, staging and production on their own hosts.',
    'services:',
    ...SERVICES.flatMap((service) => [
      `  ${service}:`,
      `    context: ${CONTEXTS[service]}`,
      `    image: ${stack.images[service]}`,
      health,
    ]),
    'environments:',
    ...environmentConfig(stack.hosts.staging, 'prerelease'),
    ...environmentConfig(stack.hosts.production, 'release'),
    '',
  ].join('\n');
}

/**
 * Each environment's own secrets, as GitHub hands them to a job that declares the environment:
 * the SSH key and known hosts of that environment's host only; the notification secrets are the
 * repository's.
 */
function writeSecrets(stack: ServicesStack, dir: string): Record<EnvironmentName, string> {
  const files = {} as Record<EnvironmentName, string>;
  for (const name of ['staging', 'production'] as const) {
    const { sshd } = stack.hosts[name];
    files[name] = join(dir, `secrets-${name}.json`);
    const secrets = {
      GITHUB_TOKEN: DEMO_TOKEN,
      DEPLOY_SSH_KEY: sshd.privateKey,
      DEPLOY_SSH_KNOWN_HOSTS: sshd.knownHosts,
      'webhook-url': stack.receiver.webhookUrl,
      'webhook-secret': stack.receiver.webhookSecret,
      'slack-webhook-url': stack.receiver.slackUrl,
    };
    writeFileSync(files[name], JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return files;
}

/** The real payload, its commit set to the consumer repository's real one. */
function releaseEvent(step: Extract<DemoStep, { kind: 'release' }>, sha: string, dir: string): string {
  const payload = JSON.parse(readFileSync(join(EVENTS, step.fixture), 'utf8')) as {
    release: { tag_name: string; target_commitish: string };
  };
  if (payload.release.tag_name !== step.tag) throw new Error(`${step.fixture} releases ${payload.release.tag_name}`);
  payload.release.target_commitish = sha;
  const file = join(dir, `event-${step.tag}.json`);
  writeFileSync(file, `${JSON.stringify(payload, null, 2)}\n`);
  return file;
}

/** The "Run workflow" form's event, as GitHub sends it for rollback.yml. */
function dispatchEvent(step: Extract<DemoStep, { kind: 'rollback' }>, dir: string): string {
  const file = join(dir, `event-rollback-${step.environment}.json`);
  const inputs = { environment: step.environment, reason: step.reason };
  const payload = {
    inputs,
    ref: 'refs/heads/main',
    repository: { full_name: 'octo-org/hello-world', default_branch: 'main' },
    sender: { login: 'octocat' },
  };
  writeFileSync(file, `${JSON.stringify(payload, null, 2)}\n`);
  return file;
}

export interface ServicesScenarioOptions {
  stack: ServicesStack;
  workDir: string;
  log: (line: string) => void;
  signal?: AbortSignal;
}

/**
 * The story, each step a run of deploy-kit's real reusable workflow through `deploy-kit
 * workflow` (the committed CLI bundle) in the consumer checkout, with the real event payload,
 * the deploying environment's secrets and the fake API's URL. The repository's config file
 * decides everything else (which environment, every service, the targets and health URLs).
 */
export async function runServicesScenario(options: ServicesScenarioOptions): Promise<ServicesScenario> {
  const { stack, workDir, log } = options;
  const logDir = join(workDir, 'logs');
  const eventDir = join(workDir, 'events');
  mkdirSync(logDir, { recursive: true });
  mkdirSync(eventDir, { recursive: true });
  const secrets = writeSecrets(stack, workDir);
  const repo = createServicesRepo(join(workDir, 'hello-world'), demoConfig(stack));
  const commits = {
    A: repo.commit({ message: 'hello-world 1.0.0', health: { api: 'ok', frontend: 'ok' } }),
    B: '',
    C: '',
  };
  const outcomes: StepOutcome[] = [];
  for (const [index, step] of STEPS.entries()) {
    if (step.kind === 'release' && step.commit !== 'A' && !commits[step.commit]) {
      commits[step.commit] =
        step.commit === 'B'
          ? repo.commit({
              message: 'hello-world 1.1.0: new frontend (its health reports unhealthy)',
              health: { api: 'ok', frontend: 'unhealthy' },
            })
          : repo.commit({ message: 'hello-world 1.2.0: frontend fixed', health: { api: 'ok', frontend: 'ok' } });
    }
    const sha = step.kind === 'release' ? commits[step.commit] : commits.C || commits.A;
    const title =
      step.kind === 'release'
        ? `Release ${step.tag} (commit ${sha.slice(0, 7)}) -> ${step.environment}`
        : `Manual rollback of ${step.environment} ("${step.reason}")`;
    log(`\n== ${index + 1}/${STEPS.length}  ${title}`);
    log(`   ${step.story}`);
    const logFile = join(logDir, `${index + 1}-${step.kind === 'release' ? `release-${step.tag}` : 'rollback'}.log`);
    const args =
      step.kind === 'release'
        ? [
            join(TOOLKIT_ROOT, '.github/workflows/release.yml'),
            '--event',
            releaseEvent(step, sha, eventDir),
            // What the app reports in /api/health (release.yml passes VERSION=<tag> itself).
            '--input',
            `build-args=REVISION=${sha}`,
          ]
        : [
            join(TOOLKIT_ROOT, '.github/workflows/rollback.yml'),
            '--event',
            dispatchEvent(step, eventDir),
            '--event-name',
            'workflow_dispatch',
            '--input',
            `environment=${step.environment}`,
            '--input',
            `reason=${step.reason}`,
          ];
    const started = Date.now();
    const env = { ...process.env, ...stack.podman.env };
    delete env.GITHUB_TOKEN;
    const exitCode = await spawnToFile(
      process.execPath,
      [
        CLI,
        'workflow',
        ...args,
        '--secrets',
        secrets[step.environment],
        '--env',
        `GITHUB_API_URL=${stack.github.url}`,
        '--env',
        `GITHUB_SHA=${sha}`,
      ],
      { cwd: repo.dir, env, logFile, ...(options.signal ? { signal: options.signal } : {}) },
    );
    const seconds = Math.round((Date.now() - started) / 1000);
    const outputs = parseOutputs(readFileSync(logFile, 'utf8'));
    outcomes.push({ step, sha, exitCode, logFile, outputs, seconds });
    const said =
      step.kind === 'release' ? `result: ${outputs.result || '(none)'}` : `version: ${outputs.version || '(none)'}`;
    log(`   workflow exit code ${exitCode}, ${said}, ${seconds} s   log: ${logFile}`);
    if (options.signal?.aborted) break;
  }
  return { repo, commits, outcomes, logDir };
}
