import { describe, expect, it } from '@jest/globals';
import { UserError } from '@deploy-kit/action-kit';
import type { Strategy } from '@deploy-kit/model';
import { kubernetesStrategy } from './strategy';

const where = '.github/deploy-kit.yml: environments.production.strategy';

const rolling: Strategy = {
  kind: 'rolling',
  batch: { kind: 'count', hosts: 1 },
  perHost: 'recreate',
  drainTimeoutMs: 30_000,
  hooks: {},
  maxSurge: '25%',
  maxUnavailable: 0,
};

describe("kubernetesStrategy: the environment's strategy as the cluster runs it", () => {
  it('recreate (the default) leaves the Deployment its own strategy: a plain rolling apply', () => {
    expect(kubernetesStrategy(undefined, where)).toEqual({ kind: 'rolling' });
    expect(kubernetesStrategy({ kind: 'recreate' }, where)).toEqual({ kind: 'rolling' });
  });

  it('rolling carries max-surge and max-unavailable, and nothing of the host settings', () => {
    expect(kubernetesStrategy(rolling, where)).toEqual({ kind: 'rolling', maxSurge: '25%', maxUnavailable: 0 });
    expect(kubernetesStrategy({ ...rolling, maxSurge: undefined, maxUnavailable: undefined }, where)).toEqual({
      kind: 'rolling',
    });
  });

  it('blue-green switches the Service', () => {
    expect(kubernetesStrategy({ kind: 'blue-green', drainTimeoutMs: 30_000, keepMs: 3_600_000 }, where)).toEqual({
      kind: 'blue-green',
    });
  });

  it('canary is refused before anything happens, naming where it is written', () => {
    const canary: Strategy = {
      kind: 'canary',
      steps: [10, 50, 100],
      pauseMs: 60_000,
      failureLimit: 0,
      onInconclusive: 'fail',
      drainTimeoutMs: 30_000,
      analysis: { metrics: [], health: true, count: 1, intervalMs: 30_000 },
    };
    expect(() => kubernetesStrategy(canary, where)).toThrow(UserError);
    expect(() => kubernetesStrategy(canary, where)).toThrow(
      `${where}: strategy canary is not available on a kubernetes target yet`,
    );
  });
});
