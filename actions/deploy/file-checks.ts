import * as core from '@actions/core';
import { UserError } from '@deploy-kit/action-kit';
import { serviceSetKey } from '@deploy-kit/ledger';
import type { CheckFailure } from '@deploy-kit/engine';
import {
  failuresOf,
  isProduction,
  parseFreezeWindow,
  readCurrent,
  runChecks,
  type CheckContext,
  type CheckResult,
  type CheckSettings,
  type FreezeWindow,
} from '@deploy-kit/preflight';
import type { ConfigSettings } from './config-settings';
import type { PreparedRelease } from './prepare-release';

const ICON: Record<CheckResult['outcome'], string> = { passed: '✅', failed: '❌', skipped: '⏭️' };

/**
 * The config file's environment settings that pre-deploy-check judges on the inputs path
 * (freeze windows, required commit checks, required variables, protection rules, the version
 * policy), run on the config path before anything is recorded: a `freeze:` in the file must
 * stop a deploy as surely as the `freeze` input does. Throws one line listing every failure.
 * A rollback (`rollback` set) is checked as pre-deploy-check's `rollback: true` does: no version
 * policy, and the image and commit are those of the release it goes back to.
 */
export async function checkFileEnvironment(
  settings: ConfigSettings,
  prepared: PreparedRelease,
  options: {
    environment: string;
    version: string;
    rollback?: { imageRef: string; sha: string };
    env?: NodeJS.ProcessEnv;
    now?: Date;
  },
): Promise<void> {
  const deploy = fileCheckSettings(settings, options.environment);
  const inputs: CheckSettings = options.rollback
    ? { ...deploy, image: options.rollback.imageRef, rollback: true }
    : deploy;
  const services = settings.services.map(({ slot }) => slot.service);
  const current = await readCurrent(prepared.ledger, options.environment, serviceSetKey(services));
  const context: CheckContext = {
    inputs,
    production: isProduction(inputs),
    octokit: prepared.octokit,
    ledger: prepared.ledger,
    repo: { owner: prepared.context.owner, repo: prepared.context.repo },
    run: prepared.context,
    sha: options.rollback?.sha ?? prepared.context.sha,
    current,
    version: options.version,
    now: options.now ?? new Date(),
    env: options.env ?? process.env,
    // Deploy and rollback have no `force` input here: a refusal names what to change in the file.
    override: { kind: 'config-file', file: settings.source, environment: settings.environment.name },
  };
  const { results } = await core.group('Pre-deploy checks (from the config file)', async () => {
    const checked = await runChecks(context, prepared.registry);
    for (const result of checked.results) core.info(`${ICON[result.outcome]} ${result.check}: ${result.detail}`);
    return checked;
  });
  for (const result of results) if (result.warning) core.warning(result.warning);
  const failures = failuresOf(results);
  if (failures.length > 0)
    throw new ChecksRefusedError(
      `Pre-deploy checks failed for ${options.environment} (${settings.source}); nothing was deployed: ${failures
        .map((f) => `${f.check}: ${f.reason}`)
        .join('; ')}`,
      failures,
    );
}

/** The config file's pre-deploy checks refused the release; the summary lists each failed check. */
export class ChecksRefusedError extends UserError {
  override name = 'ChecksRefusedError';
  constructor(
    message: string,
    readonly failures: readonly CheckFailure[],
  ) {
    super(message);
  }
}

/**
 * The file environment's settings as pre-deploy-check judges a deploy of them (checkFileEnvironment
 * here, the one-step action's checks stage with a config file).
 */
export function fileCheckSettings(settings: ConfigSettings, environmentName: string): CheckSettings {
  const { environment } = settings;
  return {
    environment: environmentName,
    // The first service stands for the release in the image and version checks; the deploy
    // resolves every service's digest right after, before anything changes.
    image: settings.services[0]?.image,
    production: environment.production === 'auto' ? 'auto' : environment.production ? 'true' : 'false',
    force: false,
    rollback: false,
    'required-env': environment.requiredEnv,
    'require-checks': environment.requireChecks,
    'ignore-checks': environment.ignoreChecks,
    freeze: environment.freeze.map(freezeWindow),
    'require-environment': environment.requireEnvironment,
  };
}

/** The model checked every window's syntax when the file was loaded; a failure here is a bug. */
function freezeWindow(text: string): FreezeWindow {
  const parsed = parseFreezeWindow(text);
  if (typeof parsed === 'string')
    throw new Error(`freeze window passed the model's check but not the parser: ${parsed}`);
  return parsed;
}
