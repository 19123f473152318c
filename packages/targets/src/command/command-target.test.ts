import { describe, expect, it } from '@jest/globals';
import { UserError } from '@deploy-kit/action-kit';
import { memoryLog } from '../test-log';
import type { DeployRequest, ServiceImage } from '../types';
import { CommandTarget } from './command-target';

const app: ServiceImage = {
  service: 'app',
  composeService: 'app',
  imageVariable: 'IMAGE',
  image: 'ghcr.io/acme/shop:v1.2.0',
  digest: `sha256:${'b'.repeat(64)}`,
  imageRef: `ghcr.io/acme/shop@sha256:${'b'.repeat(64)}`,
};
const request: DeployRequest = { version: 'v1.2.0', environment: 'production', services: [app] };

describe('CommandTarget', () => {
  it('runs the script with the exact image in DEPLOY_* variables and logs its output in a group', async () => {
    const log = memoryLog();
    const script =
      'echo "$DEPLOY_ENVIRONMENT $DEPLOY_VERSION $DEPLOY_IMAGE_REF"\necho "digest $DEPLOY_DIGEST from $DEPLOY_IMAGE" >&2';
    await new CommandTarget({ script, timeoutMs: 10_000 }).deploy(request, log);
    expect(log.groups).toEqual(['deploy command']);
    expect(log.lines).toContain(`production v1.2.0 ${app.imageRef}`);
    expect(log.lines).toContain(`digest ${app.digest} from ${app.image}`);
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

  it('withholds the action inputs and the runner tokens from the script, keeps the rest of the step environment', async () => {
    const log = memoryLog();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: '/home/runner',
      'INPUT_GITHUB-TOKEN': 'ghs_secret_token',
      'INPUT_REGISTRY-PASSWORD': 'registry-secret',
      'INPUT_SSH-KEY': '-----BEGIN OPENSSH PRIVATE KEY-----',
      INPUT_COMMAND: './deploy.sh',
      ACTIONS_RUNTIME_TOKEN: 'runtime-secret',
      ACTIONS_RUNTIME_URL: 'https://pipelines.actions.githubusercontent.com/abc/',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-secret',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.actions.githubusercontent.com/abc',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_SHA: 'ffac537e6cbbf934b08745a378932722df287a53',
      RUNNER_TEMP: '/home/runner/work/_temp',
      DEPLOY_TOKEN: 'given-through-step-env',
    };
    // The script lists its own environment: what it can read is exactly what it could leak.
    await new CommandTarget({ script: 'env', timeoutMs: 10_000, env }).deploy(request, log);
    const names = log.lines.map((line) => line.split('=')[0]);
    expect(names.filter((name) => /^(INPUT_|ACTIONS_)/.test(name ?? ''))).toEqual([]);
    const output = log.lines.join('\n');
    for (const secret of ['ghs_secret_token', 'registry-secret', 'OPENSSH', 'runtime-secret', 'oidc-secret'])
      expect(output).not.toContain(secret);
    expect(log.lines).toEqual(
      expect.arrayContaining([
        'HOME=/home/runner',
        'GITHUB_REPOSITORY=acme/shop',
        'RUNNER_TEMP=/home/runner/work/_temp',
        'DEPLOY_TOKEN=given-through-step-env',
        `DEPLOY_IMAGE_REF=${app.imageRef}`,
        'DEPLOY_ENVIRONMENT=production',
      ]),
    );
    expect(names).toContain('PATH');
  });

  it('gives the script every service of a release: DEPLOY_SERVICES as JSON and each image variable', async () => {
    const log = memoryLog();
    const service = (name: string, c: string): ServiceImage => ({
      service: name,
      composeService: name,
      imageVariable: `${name.toUpperCase()}_IMAGE`,
      image: `ghcr.io/acme/shop/${name}:v2.0.0`,
      digest: `sha256:${c.repeat(64)}`,
      imageRef: `ghcr.io/acme/shop/${name}@sha256:${c.repeat(64)}`,
    });
    const [api, frontend] = [service('api', 'a'), service('frontend', 'f')];
    const script = [
      'echo "api=$API_IMAGE"',
      'echo "frontend=$FRONTEND_IMAGE"',
      'echo "single=${DEPLOY_IMAGE_REF-unset}"',
      // What a script would do with the list: one line per service, read with the python3 every runner has.
      'echo "$DEPLOY_SERVICES" | python3 -c \'import json,sys; [print(s["service"], s["imageRef"]) for s in json.load(sys.stdin)]\'',
    ].join('\n');
    await new CommandTarget({ script, timeoutMs: 10_000 }).deploy(
      { version: 'v2.0.0', environment: 'production', services: [api, frontend] },
      log,
    );
    expect(log.lines).toEqual([
      `api=${api.imageRef}`,
      `frontend=${frontend.imageRef}`,
      'single=unset',
      `api ${api.imageRef}`,
      `frontend ${frontend.imageRef}`,
    ]);
  });

  it('cannot tell what runs, so the ledger is asked instead', async () => {
    expect(await new CommandTarget({ script: 'true', timeoutMs: 1000 }).current()).toBeUndefined();
  });
});
