import { describe, expect, it } from '@jest/globals';
import { UserError } from '@deploy-kit/action-kit';
import { memoryLog } from '../test-log';
import type { DeployRequest } from '../types';
import { CommandTarget } from './command-target';

const request: DeployRequest = {
  image: 'ghcr.io/acme/shop:v1.2.0',
  digest: `sha256:${'b'.repeat(64)}`,
  imageRef: `ghcr.io/acme/shop@sha256:${'b'.repeat(64)}`,
  version: 'v1.2.0',
  environment: 'production',
};

describe('CommandTarget', () => {
  it('runs the script with the exact image in DEPLOY_* variables and logs its output in a group', async () => {
    const log = memoryLog();
    const script =
      'echo "$DEPLOY_ENVIRONMENT $DEPLOY_VERSION $DEPLOY_IMAGE_REF"\necho "digest $DEPLOY_DIGEST from $DEPLOY_IMAGE" >&2';
    await new CommandTarget({ script, timeoutMs: 10_000 }).deploy(request, log);
    expect(log.groups).toEqual(['deploy command']);
    expect(log.lines).toContain(`production v1.2.0 ${request.imageRef}`);
    expect(log.lines).toContain(`digest ${request.digest} from ${request.image}`);
  });

  it('fails the deploy when any line of the script fails (bash -e, pipefail)', async () => {
    const log = memoryLog();
    const deploy = new CommandTarget({ script: 'false | cat\necho should-not-run', timeoutMs: 10_000 }).deploy(
      request,
      log,
    );
    await expect(deploy).rejects.toThrow(UserError);
    await expect(new CommandTarget({ script: 'exit 3', timeoutMs: 10_000 }).deploy(request, log)).rejects.toThrow(
      'The deploy command failed with exit code 3',
    );
    expect(log.lines).not.toContain('should-not-run');
  });

  it('stops a script that outlives deploy-timeout and fails', async () => {
    const deploy = new CommandTarget({ script: 'sleep 30', timeoutMs: 300 }).deploy(request, memoryLog());
    await expect(deploy).rejects.toThrow('did not finish within the "deploy-timeout"');
  });

  it('cannot tell what runs, so the ledger is asked instead', async () => {
    expect(await new CommandTarget({ script: 'true', timeoutMs: 1000 }).current()).toBeUndefined();
  });
});
