import { existsSync } from 'node:fs';
import * as core from '@actions/core';
import { UserError, readRunContext } from '@deploy-kit/action-kit';
import { loadConfigFile, problemsLine, type ValueChecks } from '@deploy-kit/model';
import { parseFreezeWindow } from '@deploy-kit/preflight';
import { decideFromConfig } from './decide-config';
import { decideFromInputs } from './decide-inputs';
import { readPlanInputs } from './inputs';
import { report } from './report';
import { missingSecretsMessage } from './secrets';

/** Freeze windows are checked by the parser pre-deploy-check uses, so the plan fails on them first. */
const checks: ValueChecks = {
  freeze: (window) => {
    const parsed = parseFreezeWindow(window);
    return typeof parsed === 'string' ? parsed : undefined;
  },
};

/**
 * plan: the first step of every reusable workflow. Decides where the release goes and checks every
 * setting and every secret that environment needs, before anything is built, pushed or recorded.
 * Writes nothing anywhere: a failure here leaves no trace but its one error line.
 */
export async function run(): Promise<void> {
  const inputs = readPlanInputs();
  const context = readRunContext();
  let result;
  if (existsSync(inputs.config)) {
    const loaded = await loadConfigFile({ file: inputs.config, repository: context.repository, checks });
    if (loaded.kind === 'invalid') throw new UserError(problemsLine(loaded.problems));
    if (loaded.kind === 'missing') throw new UserError(`${inputs.config} does not exist (input "config")`);
    result = decideFromConfig(loaded.config, inputs, context);
  } else {
    result = decideFromInputs(inputs, context);
  }
  if (result.kind === 'skip') {
    core.notice(result.reason);
    await report(result);
    return;
  }
  for (const warning of result.warnings) core.warning(warning);
  for (const notice of result.notices) core.notice(notice);
  const missing = missingSecretsMessage(result.secrets, result.environment, result.source !== 'inputs');
  if (missing && inputs['check-secrets']) throw new UserError(missing);
  if (!inputs['check-secrets'])
    core.info('check-secrets is false: the secrets are checked in the job that declares the environment');
  await report(result, inputs['check-secrets']);
  core.info(
    `Deploying ${result.version || 'the chosen release'} to ${result.environment}: ${result.services.map((s) => s.service).join(', ')}`,
  );
}
