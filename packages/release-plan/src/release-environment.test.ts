import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parseConfig, type DeployConfig } from '@deploy-kit/model';
import { releaseEnvironment } from './release-environment';

const SHA = 'ffac537e6cbbf934b08745a378932722df287a53';
const target = '{ kind: command, command: ./deploy.sh }';

function config(environments: string): DeployConfig {
  const text = `services:\n  api: {}\n  frontend: {}\nenvironments:\n${environments}`;
  const result = parseConfig(text, { file: '.github/deploy-kit.yml', repository: 'acme/shop' });
  if (result.kind !== 'ok') throw new Error(JSON.stringify(result));
  return result.config;
}

function event(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`test/fixtures/events/${name}.json`, 'utf8')) as Record<string, unknown>;
}

const file = config(
  `  preview: { on: prerelease, target: ${target} }\n  live: { on: release, target: ${target} }\n  qa: { target: ${target} }\n`,
);
const base = { sha: SHA, repository: 'acme/shop' };

describe('releaseEnvironment', () => {
  it('sends a prerelease and a release where the file says, whatever the names', () => {
    const beta = releaseEnvironment(file, {
      ...base,
      eventName: 'release',
      payload: event('release-prereleased-v1.0.0-beta.1'),
    });
    expect(beta).toMatchObject({
      environment: { name: 'preview' },
      version: 'v1.0.0-beta.1',
      prerelease: true,
      plannerEnvironment: 'staging',
    });
    const release = releaseEnvironment(file, {
      ...base,
      eventName: 'release',
      payload: event('release-released-v1.0.0'),
    });
    expect(release).toMatchObject({
      environment: { name: 'live' },
      prerelease: false,
      plannerEnvironment: 'production',
    });
  });

  it('takes a dispatch to any environment of the file, case-insensitively', () => {
    const qa = releaseEnvironment(file, {
      ...base,
      eventName: 'workflow_dispatch',
      payload: event('workflow-dispatch'),
      environment: 'QA',
      version: 'v1.2.0',
    });
    expect(qa).toMatchObject({ environment: { name: 'qa' }, version: 'v1.2.0', plannerEnvironment: 'staging' });
    const live = releaseEnvironment(file, {
      ...base,
      eventName: 'workflow_dispatch',
      payload: event('workflow-dispatch'),
      environment: 'live',
      version: 'v1.2.0',
    });
    expect(live.plannerEnvironment).toBe('production');
  });

  it('refuses an environment the file does not have, naming the input and the file', () => {
    expect(() =>
      releaseEnvironment(file, {
        ...base,
        eventName: 'workflow_dispatch',
        payload: event('workflow-dispatch'),
        environment: 'staging',
        version: 'v1.2.0',
      }),
    ).toThrow(
      'Input "environment" is "staging", which is not an environment of .github/deploy-kit.yml (expected one of: preview, live, qa)',
    );
  });

  it('refuses a release no environment takes, saying where to add on:', () => {
    const onlyPreview = config(`  preview: { on: prerelease, target: ${target} }\n`);
    expect(() =>
      releaseEnvironment(onlyPreview, { ...base, eventName: 'release', payload: event('release-released-v1.0.0') }),
    ).toThrow('v1.0.0: no environment in .github/deploy-kit.yml takes a release: add "on: release" to one of: preview');
  });
});
