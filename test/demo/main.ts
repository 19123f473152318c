// `npm run demo`: the whole release lifecycle of a consumer repository on a local
// stack, through deploy-kit's real release workflow. See docs/demo.md.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkScenario, ranAsExpected } from './expectations';
import { observe } from './observe';
import { checksList, environmentsTable, historyTable, notificationsTable, registryTable } from './print-results';
import { TOOLKIT_ROOT } from './run-release';
import { runScenario, type ScenarioResult } from './scenario';
import { startStack, type Stack } from './stack/start-stack';

const BUNDLES = ['cli', 'build-image', 'pre-deploy-check', 'deploy', 'rollback', 'notify'];
const LOG_TAIL_LINES = 60;

function heading(title: string): void {
  console.log(`\n=== ${title}`);
}

function missingBundles(): string[] {
  return BUNDLES.filter((name) => !existsSync(join(TOOLKIT_ROOT, 'dist', name, 'index.js')));
}

function showUnexpectedRuns(scenario: ScenarioResult): void {
  for (const outcome of scenario.outcomes.filter((o) => !ranAsExpected(o))) {
    const lines = readFileSync(outcome.run.logFile, 'utf8').trimEnd().split('\n');
    heading(`Log of release ${outcome.release.tag} (last ${LOG_TAIL_LINES} lines of ${outcome.run.logFile})`);
    console.log(lines.slice(-LOG_TAIL_LINES).join('\n'));
  }
}

async function main(): Promise<number> {
  const missing = missingBundles();
  if (missing.length) {
    console.error(`The bundles ${missing.join(', ')} are missing under dist/: run \`node scripts/build.js\` first.`);
    return 1;
  }
  const workDir = mkdtempSync(join(tmpdir(), 'deploy-kit-demo-'));
  const abort = new AbortController();
  let stack: Stack | undefined;
  const stopEverything = async () => {
    const failures = (await stack?.stop()) ?? [];
    for (const failure of failures) console.error(`Could not stop ${failure}`);
    // Keep the logs for reading; the checkout, server files and secrets go.
    for (const name of ['hello-world', 'server', 'events', 'secrets.json']) {
      rmSync(join(workDir, name), { recursive: true, force: true });
    }
  };
  const interrupted = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping the stack...`);
    abort.abort();
    void stopEverything().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  try {
    console.log('deploy-kit demo: publish releases of octo-org/hello-world and watch them go out');
    heading('Starting the local stack (127.0.0.1 only)');
    stack = await startStack({ workDir, log: (line) => console.log(`  ${line}`) });

    heading('Running .github/workflows/release.yml with `deploy-kit workflow` for each release');
    const scenario = await runScenario({ stack, workDir, log: console.log, signal: abort.signal });
    if (abort.signal.aborted) return 130;

    const seen = await observe(stack);
    heading('Deployment history (GitHub Deployments, read over the REST API)');
    console.log(historyTable(seen));
    heading('Notifications received');
    console.log(notificationsTable(seen));
    heading('Registry tags');
    console.log(registryTable(seen));
    heading('What each environment serves now');
    console.log(environmentsTable(seen));

    const checks = checkScenario(stack, scenario, seen);
    const failed = checks.filter((c) => !c.ok);
    heading(
      failed.length
        ? `Scenario NOT as expected (${failed.length} of ${checks.length} checks failed)`
        : 'Scenario as expected',
    );
    console.log(checksList(checks));
    if (failed.length) showUnexpectedRuns(scenario);
    console.log(`\nWorkflow logs: ${scenario.logDir}`);
    return failed.length ? 1 : 0;
  } catch (error) {
    console.error(`\nThe demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  } finally {
    if (!abort.signal.aborted) {
      heading('Stopping the stack');
      await stopEverything();
      console.log('  everything the demo started is stopped');
    }
  }
}

process.exitCode = await main();
