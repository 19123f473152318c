import { describe, expect, it } from '@jest/globals';
import { buildCommand, type BuildCommandOptions } from './build-command';

const base: BuildCommandOptions = {
  buildx: false,
  context: '.',
  file: './Dockerfile',
  refs: ['ghcr.io/o/app:sha-ffac537', 'ghcr.io/o/app:v1.0.0'],
  labels: { 'org.opencontainers.image.version': 'v1.0.0' },
  buildArgs: [{ key: 'VERSION', value: 'a=b c' }],
  platforms: [],
  push: true,
  cache: 'gha',
  image: 'ghcr.io/o/app',
};

describe('buildCommand', () => {
  it('classic builder: tags, labels and build args; no push flag and no cache', () => {
    expect(buildCommand(base)).toEqual([
      'build',
      '--file',
      './Dockerfile',
      '--tag',
      'ghcr.io/o/app:sha-ffac537',
      '--tag',
      'ghcr.io/o/app:v1.0.0',
      '--label',
      'org.opencontainers.image.version=v1.0.0',
      '--build-arg',
      'VERSION=a=b c',
      '.',
    ]);
  });

  it.each([
    ['gha', true, ['--cache-from', 'type=gha', '--cache-to', 'type=gha,mode=max']],
    [
      'registry',
      true,
      [
        '--cache-from',
        'type=registry,ref=ghcr.io/o/app:buildcache',
        '--cache-to',
        'type=registry,ref=ghcr.io/o/app:buildcache,mode=max',
      ],
    ],
    ['registry', false, ['--cache-from', 'type=registry,ref=ghcr.io/o/app:buildcache']],
    ['none', true, []],
  ] as const)('buildx cache %s (push %s)', (cache, push, expected) => {
    const args = buildCommand({ ...base, buildx: true, cache, push });
    expect(args.slice(0, 2)).toEqual(['buildx', 'build']);
    const cacheArgs = args.filter(
      (_, i) => args[i - 1] === '--cache-from' || args[i - 1] === '--cache-to' || /^--cache-/.test(args[i] ?? ''),
    );
    expect(cacheArgs).toEqual(expected);
  });

  it('buildx pushes from the builder, loads a single-platform build, and leaves a multi-platform one in the builder', () => {
    expect(buildCommand({ ...base, buildx: true, push: true })).toContain('--push');
    const single = buildCommand({ ...base, buildx: true, push: false, platforms: ['linux/amd64'] });
    expect(single).toContain('--load');
    expect(single).not.toContain('--push');
    const multi = buildCommand({ ...base, buildx: true, push: false, platforms: ['linux/amd64', 'linux/arm64'] });
    expect(multi).not.toContain('--load');
    expect(multi).toEqual(expect.arrayContaining(['--platform', 'linux/amd64,linux/arm64']));
    expect(multi[multi.length - 1]).toBe('.');
  });
});
