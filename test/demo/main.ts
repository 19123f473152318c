// `npm run demo`: the release lifecycle of a consumer repository with two services (api and
// frontend), staging and production on two SSH hosts, on a local stack, through deploy-kit's
// real reusable workflows and the repository's .github/deploy-kit.yml. See docs/demo.md.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOOLKIT_ROOT } from './run-release';
import { checkServicesScenario, stepRanAsExpected } from './services/expectations';
import { observeServices } from './services/observe';
import {
  checksSummary,
  servicesHistoryTable,
  servicesNotificationsTable,
  servicesRegistryTable,
  servicesTable,
} from './services/print';
import { runServicesScenario, type ServicesScenario } from './services/scenario';
import { startServicesStack, type ServicesStack } from './services/stack';

const BUNDLES = ['cli', 'plan', 'build-image', 'deploy', 'rollback', 'notify'];
const LOG_TAIL_LINES = 60;

function heading(title: string): void {
  console.log(`\n=== ${title}`);
}

function missingBundles(): string[] {
  return BUNDLES.filter((name) => !existsSync(join(TOOLKIT_ROOT, 'dist', name, 'index.js')));
}

function showUnexpectedRuns(scenario: ServicesScenario): void {
  for (const outcome of scenario.outcomes.filter((o) => !stepRanAsExpected(o))) {
    const lines = readFileSync(outcome.logFile, 'utf8').trimEnd().split('\n');
    heading(`Log of ${outcome.logFile} (last ${LOG_TAIL_LINES} lines)`);
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
  let stack: ServicesStack | undefined;
  const stopEverything = async () => {
    const failures = (await stack?.stop()) ?? [];
    for (const failure of failures) console.error(`Could not stop ${failure}`);
    // Keep the logs for reading; the checkout, server files and secrets go.
    for (const name of ['hello-world', 'server', 'events', 'secrets-staging.json', 'secrets-production.json']) {
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
    console.log('deploy-kit demo: octo-org/hello-world ships two services (api, frontend) to staging and production');
    heading('Starting the local stack (127.0.0.1 only)');
    stack = await startServicesStack({ workDir, log: (line) => console.log(`  ${line}`) });

    heading('The repository describes its deployments in .github/deploy-kit.yml; each step runs a reusable workflow');
    const scenario = await runServicesScenario({ stack, workDir, log: console.log, signal: abort.signal });
    if (abort.signal.aborted) return 130;

    const seen = await observeServices(stack);
    heading('Deployment history (GitHub Deployments, read over the REST API)');
    console.log(servicesHistoryTable(seen));
    heading('Notifications received');
    console.log(servicesNotificationsTable(seen));
    heading('Registry tags');
    console.log(servicesRegistryTable(seen));
    heading('What each environment serves now');
    console.log(servicesTable(seen));

    const checks = checkServicesScenario(stack, scenario, seen);
    const failed = checks.filter((c) => !c.ok);
    heading(
      failed.length
        ? `Scenario NOT as expected (${failed.length} of ${checks.length} checks failed)`
        : `Scenario as expected (${checks.length} of ${checks.length} checks passed)`,
    );
    console.log(checksSummary(checks));
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
