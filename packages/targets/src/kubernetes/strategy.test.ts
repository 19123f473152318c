import { describe, expect, it } from '@jest/globals';
import { UserError } from '@deploy-kit/action-kit';
import type { Strategy } from '@deploy-kit/model';
import { parseHealthCheckInputs, toHealthCheckOptions } from '@deploy-kit/health';
import { CANARY_HEADER, kubernetesStrategy, rollbackStrategy } from './strategy';

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

  const canary: Strategy = {
    kind: 'canary',
    route: 'shop',
    steps: [10, 50, 100],
    pauseMs: 60_000,
    failureLimit: 0,
    onInconclusive: 'fail',
    drainTimeoutMs: 30_000,
    analysis: { metrics: [], health: true, count: 1, intervalMs: 30_000 },
  };
  const health = toHealthCheckOptions(
    ['http://shop.example.com/healthz'],
    parseHealthCheckInputs({ headers: 'Authorization: Bearer x' }),
  );

  it('canary is the traffic canary through the HTTPRoute, its health check sent to the canary by header', () => {
    const strategy = kubernetesStrategy(canary, where, [health]);
    expect(strategy).toMatchObject({
      kind: 'canary',
      by: 'traffic',
      route: { kind: 'HTTPRoute', name: 'shop' },
      steps: [10, 50, 100],
      pauseMs: 60_000,
      analysis: { metrics: [], failureLimit: 0, onInconclusive: 'fail', count: 1, intervalMs: 30_000 },
    });
    const check = strategy.kind === 'canary' && strategy.by === 'traffic' ? strategy.analysis.health : undefined;
    expect(check?.urls).toEqual(['http://shop.example.com/healthz']);
    expect(check?.headers).toEqual([['Authorization', 'Bearer x'], CANARY_HEADER]);
  });

  it('a canary without route is the canary by replica ratio, its health check the environment URLs as they are (the Service)', () => {
    const { route: _route, ...withoutRoute } = canary;
    const strategy = kubernetesStrategy(withoutRoute, where, [health]);
    expect(strategy).toMatchObject({
      kind: 'canary',
      by: 'replicas',
      steps: [10, 50, 100],
      pauseMs: 60_000,
      analysis: { metrics: [], failureLimit: 0, onInconclusive: 'fail', count: 1, intervalMs: 30_000 },
    });
    expect(strategy).not.toHaveProperty('route');
    const check = strategy.kind === 'canary' && strategy.by === 'replicas' ? strategy.analysis.health : undefined;
    expect(check?.urls).toEqual(['http://shop.example.com/healthz']);
    expect(check?.headers).toEqual([['Authorization', 'Bearer x']]);
  });

  it('analysis.health with no health URL is refused naming the setting, with or without route', () => {
    const { route: _route, ...withoutRoute } = canary;
    expect(() => kubernetesStrategy(canary, where, [])).toThrow(UserError);
    expect(() => kubernetesStrategy(canary, where, [])).toThrow(`${where}.analysis.health is true`);
    expect(() => kubernetesStrategy(withoutRoute, where, [])).toThrow(`${where}.analysis.health is true`);
  });

  it('a rollback never runs as a canary', () => {
    expect(rollbackStrategy(kubernetesStrategy(canary, where, [health]))).toEqual({ kind: 'rolling' });
    const { route: _route, ...byReplicas } = canary;
    expect(rollbackStrategy(kubernetesStrategy(byReplicas, where, [health]))).toEqual({ kind: 'rolling' });
    expect(rollbackStrategy({ kind: 'blue-green' })).toEqual({ kind: 'blue-green' });
  });
});
