import { httpStatus } from '@deploy-kit/github';
import { oneLine, type CheckContext, type CheckResult } from '../types';

/**
 * The GitHub environment must exist: naming a missing environment in a
 * workflow creates it, unprotected. Production without protection rules
 * passes with a warning.
 */
export async function checkEnvironment({ inputs, octokit, repo, production }: CheckContext): Promise<CheckResult> {
  const check = 'environment exists';
  const name = inputs.environment;
  if (!inputs['require-environment']) return { check, outcome: 'skipped', detail: '`require-environment` is false' };
  try {
    const { data } = await octokit.rest.repos.getEnvironment({ ...repo, environment_name: name });
    const rules = (data.protection_rules ?? []).map((rule) => rule.type);
    if (rules.length > 0)
      return { check, outcome: 'passed', detail: `${name} exists, protected by ${rules.join(', ')}` };
    if (!production) return { check, outcome: 'passed', detail: `${name} exists (no protection rules)` };
    return {
      check,
      outcome: 'passed',
      detail: `${name} exists but has no protection rules`,
      warning: `Environment "${name}" has no protection rules: anyone who can run this workflow can deploy to it. Add required reviewers or a wait timer in Settings > Environments.`,
    };
  } catch (error) {
    const status = httpStatus(error);
    if (status === 404) {
      return {
        check,
        outcome: 'failed',
        detail: `environment "${name}" does not exist in ${repo.owner}/${repo.repo} (create it in Settings > Environments, with protection rules)`,
      };
    }
    return { check, outcome: 'failed', detail: `could not read environment "${name}": ${oneLine(error)}` };
  }
}
