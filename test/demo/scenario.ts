import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createConsumerRepo, type ConsumerRepo } from './consumer-repo';
import { RELEASES, writeReleaseEvent, type DemoRelease } from './release-events';
import { runRelease, writeSecrets, type ReleaseRunResult } from './run-release';
import type { Stack } from './stack/start-stack';

/** The token the workflow runs with; the fake API accepts any, the demo checks it never leaks. */
export const DEMO_TOKEN = 'ghs_demoToken0000000000000000000000000000';

export interface ReleaseOutcome {
  release: DemoRelease;
  sha: string;
  run: ReleaseRunResult;
  /** Wall-clock time of the workflow run (shown, never asserted). */
  seconds: number;
}

export interface ScenarioOptions {
  stack: Stack;
  /** Temp dir for the consumer checkout, event payloads, secrets and logs. */
  workDir: string;
  /** Phase headings and one line per release. */
  log: (line: string) => void;
  signal?: AbortSignal;
}

export interface ScenarioResult {
  repo: ConsumerRepo;
  /** The release commits: 1.0.0 (beta.1 and the release) and 1.1.0 (unhealthy). */
  commits: { v1_0: string; v1_1: string };
  outcomes: ReleaseOutcome[];
  logDir: string;
}

/**
 * The release lifecycle: a prerelease of commit A goes to staging, the release of
 * the same commit A to production (promoted by digest), then a release of commit B,
 * whose health endpoint reports unhealthy, goes to production and is rolled back.
 * Each is a run of release.yml through `deploy-kit workflow`.
 */
export async function runScenario(options: ScenarioOptions): Promise<ScenarioResult> {
  const { stack, workDir, log } = options;
  const logDir = join(workDir, 'logs');
  const eventDir = join(workDir, 'events');
  mkdirSync(logDir, { recursive: true });
  mkdirSync(eventDir, { recursive: true });
  const secretsFile = join(workDir, 'secrets.json');
  writeSecrets(stack, secretsFile, DEMO_TOKEN);

  const repo = createConsumerRepo(join(workDir, 'hello-world'));
  const v1_0 = repo.commit({ message: 'hello-world 1.0.0', health: 'ok' });
  let v1_1 = '';
  const outcomes: ReleaseOutcome[] = [];
  for (const [index, release] of RELEASES.entries()) {
    if (release.tag === 'v1.1.0') {
      v1_1 = repo.commit({
        message: 'hello-world 1.1.0: new health endpoint (reports unhealthy)',
        health: 'unhealthy',
      });
    }
    const sha = repo.head();
    log(
      `\n== ${index + 1}/${RELEASES.length}  Release ${release.tag} (commit ${sha.slice(0, 7)}) -> ${release.environment}`,
    );
    const started = Date.now();
    const run = await runRelease({
      stack,
      workspace: repo.dir,
      eventFile: writeReleaseEvent(release, sha, eventDir),
      tag: release.tag,
      sha,
      environment: release.environment,
      logFile: join(logDir, `${index + 1}-release-${release.tag}.log`),
      secretsFile,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const seconds = Math.round((Date.now() - started) / 1000);
    outcomes.push({ release, sha, run, seconds });
    const result = run.outputs.result || '(none)';
    log(`   workflow exit code ${run.exitCode}, result: ${result}, ${seconds} s   log: ${run.logFile}`);
    if (options.signal?.aborted) break;
  }
  return { repo, commits: { v1_0, v1_1 }, outcomes, logDir };
}
