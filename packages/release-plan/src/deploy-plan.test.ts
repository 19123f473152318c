import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parseConfig, type DeployConfig } from '@deploy-kit/model';
import { planDeploy, planRollback, releaseSkipReason } from './deploy-plan';

const base = { sha: 'ffac537e6cbbf934b08745a378932722df287a53', repository: 'daidai/avatar' };
const event = (name: string) =>
  JSON.parse(readFileSync(`test/fixtures/events/${name}.json`, 'utf8')) as Record<string, unknown>;

function config(text: string): DeployConfig {
  const result = parseConfig(text, { file: '.github/deploy-kit.yml', repository: 'daidai/avatar' });
  if (result.kind !== 'ok') throw new Error(JSON.stringify(result));
  return result.config;
}

const file = config(`services:
  api: { context: api-server }
  frontend: { context: frontend, image-variable: WEB_IMAGE }
environments:
  preview:
    on: prerelease
    health: { frontend: https://preview.example.com/ }
    target: { kind: command, command: ./deploy.sh }
  live:
    on: release
    url: https://example.com
    health: { api: [https://api.example.com/health, https://api.example.com/ready], frontend: https://example.com/ }
    target: { kind: ssh-compose, hosts: [a.example.com, b.example.com], user: deploy, project-dir: /opt/app }
`);

describe('planDeploy', () => {
  it('plans a release for the environment that takes it: every service, its health URLs, the secrets it needs', () => {
    const plan = planDeploy(file, { ...base, eventName: 'release', payload: event('release-released-v1.0.0') });
    expect(plan).toMatchObject({
      kind: 'deploy',
      environment: { name: 'live' },
      version: 'v1.0.0',
      prerelease: false,
      environmentUrl: 'https://example.com',
      healthUrls: ['https://api.example.com/health', 'https://api.example.com/ready', 'https://example.com/'],
      secrets: [
        { name: 'DEPLOY_SSH_KEY', purpose: 'the private key of deploy@a.example.com, b.example.com' },
        {
          name: 'DEPLOY_SSH_KNOWN_HOSTS',
          purpose: 'the host keys of a.example.com, b.example.com (ssh-keyscan output)',
        },
      ],
    });
    expect(plan.kind === 'deploy' && plan.services).toEqual([
      {
        service: 'api',
        image: 'ghcr.io/daidai/avatar/api',
        composeService: 'api',
        imageVariable: 'API_IMAGE',
        healthUrls: ['https://api.example.com/health', 'https://api.example.com/ready'],
      },
      {
        service: 'frontend',
        image: 'ghcr.io/daidai/avatar/frontend',
        composeService: 'frontend',
        imageVariable: 'WEB_IMAGE',
        healthUrls: ['https://example.com/'],
      },
    ]);
  });

  it('needs no secret for a command target, and leaves a service without URLs unchecked there', () => {
    const plan = planDeploy(file, {
      ...base,
      eventName: 'release',
      payload: event('release-prereleased-v1.0.0-beta.1'),
    });
    expect(plan).toMatchObject({ kind: 'deploy', environment: { name: 'preview' }, secrets: [] });
    expect(plan.kind === 'deploy' && plan.services.map((s) => [s.service, s.healthUrls])).toEqual([
      ['api', []],
      ['frontend', ['https://preview.example.com/']],
    ]);
  });

  it('skips a release action that ships nothing, and still refuses a draft', () => {
    expect(planDeploy(file, { ...base, eventName: 'release', payload: event('release-edited-v1.0.0') })).toEqual({
      kind: 'skip',
      reason: 'Only prereleased, released and published releases are deployed: nothing to do',
    });
    expect(() =>
      planDeploy(file, { ...base, eventName: 'release', payload: event('release-published-draft-v1.3.0') }),
    ).toThrow(/is a draft/);
  });
});

describe('planRollback', () => {
  it('takes every service of the named environment (any case), as a release there would', () => {
    const rollback = planRollback(file, 'LIVE');
    const release = planDeploy(file, { ...base, eventName: 'release', payload: event('release-released-v1.0.0') });
    if (release.kind !== 'deploy') throw new Error('the release must deploy');
    const { environment, services, healthUrls, environmentUrl, secrets } = release;
    expect(rollback).toEqual({ environment, services, healthUrls, environmentUrl, secrets });
  });

  it('names the environments of the file when the name is none of them', () => {
    expect(() => planRollback(file, 'staging')).toThrow(
      'Input "environment" is "staging", which is not an environment of .github/deploy-kit.yml (expected one of: preview, live)',
    );
  });
});

describe('releaseSkipReason', () => {
  it.each([
    ['release', 'released', undefined],
    ['release', 'prereleased', undefined],
    ['release', 'published', undefined],
    ['release', 'edited', 'Only prereleased, released and published releases are deployed: nothing to do'],
    ['release', undefined, 'Only prereleased, released and published releases are deployed: nothing to do'],
    ['workflow_dispatch', undefined, undefined],
  ])('%s with action %s: %s', (eventName, action, expected) => {
    expect(releaseSkipReason(eventName, action ? { action } : {})).toBe(expected);
  });
});
