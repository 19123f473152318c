import { UserError } from '@deploy-kit/action-kit';
import { chooseRollback, imageRefOf } from '@deploy-kit/engine';
import { serviceSetKey } from '@deploy-kit/ledger';
import type { ConfigSettings } from '../deploy/config-settings';
import { checkFileEnvironment } from '../deploy/file-checks';
import type { PreparedRelease } from '../deploy/prepare-release';

/**
 * A rollback with the config file passes the environment's pre-deploy checks (freeze windows,
 * required commit checks and variables, protection rules) before anything is recorded, as a
 * deploy with the file does; the checks judge the release it goes back to (its commit and
 * image), and the version policy lets it go back. When the ledger has nothing to go back to,
 * there is nothing to check: the rollback itself says so.
 */
export async function checkFileRollback(
  settings: ConfigSettings,
  prepared: PreparedRelease,
  inputs: { environment: string; to?: string | undefined },
): Promise<void> {
  const serviceSet = serviceSetKey(settings.services.map(({ slot }) => slot.service));
  const choice = await chooseRollback(prepared.ledger, inputs.environment, inputs.to, serviceSet).catch(
    (error: unknown) => {
      if (error instanceof UserError) return undefined;
      throw error;
    },
  );
  if (!choice) return;
  const { to } = choice;
  const [first] = to.payload.services;
  if (!first?.image || !first.digest) return;
  await checkFileEnvironment(settings, prepared, {
    environment: inputs.environment,
    version: to.payload.version,
    rollback: { imageRef: imageRefOf(first.image, first.digest), sha: to.sha },
  });
}
