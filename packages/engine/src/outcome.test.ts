import { describe, expect, it } from '@jest/globals';
import { UserError } from '@deploy-kit/action-kit';
import { releasePayload, type DeploymentRecord } from '@deploy-kit/ledger';
import type { DeployRequest } from '@deploy-kit/targets';
import { releaseOutcome } from './outcome';
import { outcomeError } from './render-error';
import type { ReleaseProgress } from './types';

const digest = (c: string) => `sha256:${c.repeat(64)}`;
const request: DeployRequest = {
  version: 'v1.1.0',
  environment: 'production',
  services: ['api', 'frontend'].map((service, i) => ({
    service,
    composeService: service,
    imageVariable: `${service.toUpperCase()}_IMAGE`,
    image: `ghcr.io/acme/shop/${service}:v1.1.0`,
    digest: digest(String(i + 1)),
    imageRef: `ghcr.io/acme/shop/${service}@${digest(String(i + 1))}`,
  })),
};
const record = (id: number, task = 'deploy'): DeploymentRecord => ({
  id,
  sha: 'abc',
  environment: 'production',
  task,
  createdAt: '2026-11-30T07:00:00Z',
  payload: releasePayload(
    'v1.1.0',
    request.services.map(({ service, image, digest }) => ({ service, image, digest })),
  ),
});

const where = { environment: 'production' };

describe('releaseOutcome', () => {
  it('a healthy deploy is deployed, with every service, what ran before and the tags moved', () => {
    const progress: ReleaseProgress = {
      intent: { kind: 'release', request, sha: 'abc', description: 'Deploy v1.1.0' },
      previous: { version: 'v1.0.0', services: [{ service: 'api', digest: digest('a') }] },
      record: record(7),
      deployed: true,
      outcome: 'success',
      movedTags: [{ service: 'frontend', image: request.services[1]!.image, tags: ['latest'] }],
    };
    const outcome = releaseOutcome('deploy', progress, undefined, where);
    expect(outcome).toMatchObject({ kind: 'deployed', deploymentId: 7, facts: { previousVersion: 'v1.0.0' } });
    expect(
      outcome.kind === 'deployed' && outcome.facts.services.map((s) => [s.service, s.previousDigest, s.movedTags]),
    ).toEqual([
      ['api', digest('a'), []],
      ['frontend', undefined, ['latest']],
    ]);
    expect(outcomeError(outcome)).toBeUndefined();
  });

  it('a rollback is rolled-back with where it came from; one already in place is already-running', () => {
    const rolledBackFrom = { version: 'v1.2.0', deploymentId: 8 };
    const rolledBack = releaseOutcome(
      'rollback',
      {
        intent: { kind: 'release', request, sha: 'abc', description: 'Roll back', payloadExtras: { rolledBackFrom } },
        record: record(9, 'rollback'),
        deployed: true,
        outcome: 'success',
      },
      undefined,
      where,
    );
    expect(rolledBack).toMatchObject({ kind: 'rolled-back', deploymentId: 9, from: rolledBackFrom });
    const already = releaseOutcome(
      'rollback',
      {
        intent: { kind: 'already-running', request, record: record(5), message: 'runs it' },
        outcome: 'already-running',
      },
      undefined,
      where,
    );
    expect(already).toMatchObject({ kind: 'already-running', deploymentId: 5 });
  });

  it('a failure says where it stopped and carries the error; a cancelled job is cancelled', () => {
    const error = new UserError('Health check failed');
    const unhealthy = releaseOutcome(
      'deploy',
      { intent: { kind: 'release', request, sha: 'abc', description: 'Deploy' }, record: record(7), deployed: true },
      error,
      where,
    );
    expect(unhealthy).toMatchObject({ kind: 'failed', step: 'health-check', deploymentId: 7 });
    expect(outcomeError(unhealthy)).toBe(error);
    expect(releaseOutcome('deploy', {}, error, { ...where, version: 'v1.1.0' })).toMatchObject({
      kind: 'failed',
      step: 'before-record',
      version: 'v1.1.0',
    });
    expect(releaseOutcome('deploy', { record: record(7) }, error, { ...where, cancelled: true })).toMatchObject({
      kind: 'cancelled',
    });
  });
});
