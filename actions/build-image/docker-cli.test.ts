import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { UserError } from '@deploy-kit/action-kit';
import { GHCR_PERMISSION_HINT } from '@deploy-kit/registry';
import { DockerCli } from './docker-cli';

// buildx cannot run here: a `docker` on PATH that prints what docker/buildx really print
// when a registry refuses a push, and fails as they do.
let dir: string;
const originalPath = process.env.PATH;

function fakeDocker(stderr: string, exitCode = 1): void {
  writeFileSync(join(dir, 'stderr.txt'), stderr);
  writeFileSync(join(dir, 'docker'), `#!/bin/sh\ncat '${join(dir, 'stderr.txt')}' >&2\nexit ${exitCode}\n`);
  chmodSync(join(dir, 'docker'), 0o755);
  process.env.PATH = `${dir}${delimiter}${originalPath ?? ''}`;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'deploy-kit-fake-docker-'));
});
afterEach(() => {
  process.env.PATH = originalPath;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BUILDX_PUSH = ['buildx', 'build', '--tag', 'ghcr.io/octo-org/app:sha-ffac537', '--push', '.'];

async function failure(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('DockerCli refusals', () => {
  it.each([
    [
      '403 on a blob upload',
      '#9 exporting to image\n#9 pushing layers\n#9 ERROR: failed to push ghcr.io/octo-org/app:sha-ffac537: unexpected status from POST request to https://ghcr.io/v2/octo-org/app/blobs/uploads/: 403 Forbidden\n------\n > exporting to image:\n------\nERROR: failed to solve: failed to push ghcr.io/octo-org/app:sha-ffac537: unexpected status from POST request to https://ghcr.io/v2/octo-org/app/blobs/uploads/: 403 Forbidden\n',
    ],
    [
      'GHCR denied write_package',
      'ERROR: failed to solve: failed to push ghcr.io/octo-org/app:sha-ffac537: denied: permission_denied: write_package\n',
    ],
    [
      '401 from the token endpoint',
      'ERROR: failed to solve: failed to push ghcr.io/octo-org/app:sha-ffac537: failed to authorize: failed to fetch oauth token: unexpected status from GET request to https://ghcr.io/token?scope=repository%3Aocto-org%2Fapp%3Apull%2Cpush&service=ghcr.io: 401 Unauthorized\n',
    ],
  ])('docker buildx build --push refused (%s) gets the permissions hint', async (_name, stderr) => {
    fakeDocker(stderr);
    const error = await failure(new DockerCli().build(BUILDX_PUSH, {}, 'ghcr.io'));
    expect(error.message).toMatch(
      /^docker buildx build could not push to ghcr\.io: the registry refused it \(ERROR: failed to solve: .*\)\. /,
    );
    expect(error.message.endsWith(GHCR_PERMISSION_HINT)).toBe(true);
  });

  it('gives the GHCR part of the hint for ghcr.io only', async () => {
    fakeDocker('ERROR: failed to solve: failed to push registry.example.com/app:v1: 401 Unauthorized\n');
    const error = await failure(new DockerCli().build(BUILDX_PUSH, {}, 'registry.example.com'));
    expect(error.message).toContain('Check the credentials given for registry.example.com');
    expect(error.message).not.toContain('packages: write');
  });

  it('does not blame push permissions for a base image that cannot be pulled', async () => {
    fakeDocker(
      'ERROR: failed to solve: docker.io/acme/private:1: failed to resolve source metadata for docker.io/acme/private:1: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed\n',
    );
    const error = await failure(new DockerCli().build(BUILDX_PUSH, {}, 'ghcr.io'));
    expect(error.message).toMatch(
      /^docker buildx build failed \(exit 1\): ERROR: failed to solve: .*pull access denied/,
    );
    expect(error.message).not.toContain('packages: write');
  });

  it('docker push refused: the hint for the registry of the reference', async () => {
    fakeDocker('denied: requested access to the resource is denied\n');
    const ghcr = await failure(new DockerCli().push('ghcr.io/octo-org/app:v1'));
    expect(ghcr.message).toBe(
      `docker push ghcr.io/octo-org/app:v1 was refused by the registry. ${GHCR_PERMISSION_HINT}`,
    );
    const other = await failure(new DockerCli().push('localhost:5000/octo-org/app:v1'));
    expect(other.message).not.toContain('packages: write');
    expect(other.message).toContain('Check the credentials given for localhost:5000');
  });

  it('says once, with one full stop, when docker is not installed', async () => {
    process.env.PATH = dir.replace(/$/, '-nothing-here');
    const error = await failure(new DockerCli().hasBuildx());
    expect(error.message).toMatch(/^Could not run docker: .*[^.]\. Is Docker installed on this runner\?$/);
    expect(error.message).not.toContain('..');
  });
});
