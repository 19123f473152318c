import { describe, it, expect } from '@jest/globals';
import { environmentFor } from './environment-for';
import { parseConfig } from './parse-config';
import type { DeployConfig } from './types';

function config(environments: string): DeployConfig {
  const text = `services:\n  api: {}\nenvironments:\n${environments}`;
  const result = parseConfig(text, { file: 'deploy-kit.yml', repository: 'acme/shop' });
  if (result.kind !== 'ok') throw new Error(JSON.stringify(result));
  return result.config;
}

const target = '{ kind: command, command: ./deploy.sh }';

describe('environmentFor', () => {
  it('sends a prerelease and a release where `on:` says, whatever the names', () => {
    const file = config(
      `  preview: { on: prerelease, target: ${target} }\n  live: { on: release, target: ${target} }\n  qa: { target: ${target} }\n`,
    );
    expect(environmentFor(file, 'prerelease')).toMatchObject({ kind: 'chosen', environment: { name: 'preview' } });
    expect(environmentFor(file, 'release')).toMatchObject({ kind: 'chosen', environment: { name: 'live' } });
  });

  it('one environment may take both', () => {
    const file = config(`  production: { on: [prerelease, release], target: ${target} }\n`);
    expect(environmentFor(file, 'prerelease')).toMatchObject({ kind: 'chosen', environment: { name: 'production' } });
    expect(environmentFor(file, 'release')).toMatchObject({ kind: 'chosen', environment: { name: 'production' } });
  });

  it('says where to add `on:` when no environment takes the release', () => {
    const file = config(`  staging: { on: prerelease, target: ${target} }\n  qa: { target: ${target} }\n`);
    expect(environmentFor(file, 'release')).toEqual({
      kind: 'none',
      message: 'no environment in deploy-kit.yml takes a release: add "on: release" to one of: staging, qa',
    });
  });

  it('refuses to pick between several environments that take the same release', () => {
    const file = config(`  eu: { on: release, target: ${target} }\n  us: { on: [release], target: ${target} }\n`);
    expect(environmentFor(file, 'release')).toEqual({
      kind: 'ambiguous',
      environments: ['eu', 'us'],
      message: '2 environments in deploy-kit.yml take a release (eu, us); keep "on: release" on one of them',
    });
  });
});
