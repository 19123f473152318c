import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@deploy-kit/action-kit';
import { readBuildImageInputs } from './inputs';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'build-image-inputs-'));
  writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
  mkdirSync(join(dir, 'docker'));
  writeFileSync(join(dir, 'docker', 'app.Dockerfile'), 'FROM scratch\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const read = (inputs: Record<string, string>) => readBuildImageInputs({ getInput: (name) => inputs[name] ?? '' });

describe('readBuildImageInputs', () => {
  it('applies the documented defaults', () => {
    expect(read({ context: dir, 'github-token': 'ghs_x' })).toEqual({
      image: undefined,
      context: dir,
      file: join(dir, 'Dockerfile'),
      buildArgs: [],
      platforms: [],
      push: true,
      promote: true,
      semverTags: false,
      allowNonSemver: false,
      environment: undefined,
      environmentName: undefined,
      services: [],
      configFile: '.github/deploy-kit.yml',
      version: undefined,
      labels: [],
      username: undefined,
      password: undefined,
      githubToken: 'ghs_x',
      cache: 'none',
    });
  });

  it('takes the config file path when the file exists, leaving the one-image inputs to the file', () => {
    const config = join(dir, 'deploy-kit.yml');
    writeFileSync(config, 'services: {}\n');
    try {
      expect(read({ config, services: 'api, frontend', environment: 'preview' })).toMatchObject({
        config,
        services: ['api', 'frontend'],
        environmentName: 'preview',
      });
      expect(() => read({ config, image: 'ghcr.io/acme/shop' })).toThrow(
        `Input "image" must be left unset when ${config} exists: set it per service in that file`,
      );
      expect(() => read({ config, context: 'api' })).toThrow(/^Input "context" must be left unset/);
      expect(read({ config, 'build-args': 'VERSION=v1.2.0' }).buildArgs).toEqual([{ key: 'VERSION', value: 'v1.2.0' }]);
    } finally {
      rmSync(config);
    }
  });

  it('reads every input', () => {
    const inputs = read({
      image: 'ghcr.io/acme/shop',
      context: dir,
      file: join(dir, 'docker', 'app.Dockerfile'),
      'build-args': 'VERSION=1\n\n  URL=https://x/?a=b  \n',
      platforms: 'linux/amd64, linux/arm64/v8\nlinux/arm/v7',
      push: 'false',
      promote: 'False',
      'semver-tags': 'TRUE',
      'allow-non-semver': 'true',
      environment: 'production',
      version: 'v1.2.3',
      labels: 'org.example.team=payments',
      'registry-username': 'bot',
      'registry-password': 'pat',
      'github-token': 'ghs_x',
      cache: 'registry',
    });
    expect(inputs).toMatchObject({
      image: 'ghcr.io/acme/shop',
      buildArgs: [
        { key: 'VERSION', value: '1' },
        { key: 'URL', value: 'https://x/?a=b' },
      ],
      platforms: ['linux/amd64', 'linux/arm64/v8', 'linux/arm/v7'],
      push: false,
      promote: false,
      semverTags: true,
      allowNonSemver: true,
      environment: 'production',
      labels: [{ key: 'org.example.team', value: 'payments' }],
      username: 'bot',
      password: 'pat',
      githubToken: 'ghs_x',
      cache: 'registry',
    });
  });

  it.each([
    [{ image: 'ghcr.io/Acme/Shop' }, 'image', 'upper-case'],
    [{ image: 'ghcr.io/acme/shop:v1' }, 'image', 'without a tag'],
    [{ file: 'missing/Dockerfile' }, 'file', 'must name a Dockerfile (got "missing/Dockerfile", which does not exist)'],
    [{ platforms: 'amd64' }, 'platforms', 'os/arch'],
    [{ labels: '=x' }, 'labels', 'KEY=VALUE'],
    [{ cache: 'disk' }, 'cache', 'must be one of: gha, registry, none'],
    [{ environment: 'prod' }, 'environment', 'must be one of: staging, production'],
    [{ 'semver-tags': 'on' }, 'semver-tags', 'must be true or false'],
  ])('refuses %j naming the input', (bad, input, message) => {
    let error: unknown;
    try {
      read({ context: dir, ...bad });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe(input);
    expect((error as InputError).message).toContain(message);
  });

  it('says when the context has no Dockerfile', () => {
    expect(() => read({ context: join(dir, 'docker') })).toThrow(
      `Input "file" is unset and the context has no Dockerfile (${join(dir, 'docker', 'Dockerfile')})`,
    );
  });
});
