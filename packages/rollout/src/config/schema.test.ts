import { describe, expect, it } from '@jest/globals';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { defaultErrorRatioQuery } from '../analysis/default-queries';
import { checkStrategyFor } from './check-strategy';
import { analysisSettingsFrom, batchSizeFrom, canaryPlanFrom, metricRulesFrom } from './resolve';
import { strategySchema, type StrategyEntry } from './schema';

const parse = (yaml: string): StrategyEntry => strategySchema.parse(parseYaml(yaml));
function problemsOf(value: unknown): { path: string; message: string }[] {
  const result = strategySchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

const canaryYaml = `
kind: canary
proxy: { kind: nginx, upstream: api }
steps: [10, 50, 100]
pause: 2m
failure-limit: 1
on-inconclusive: promote
analysis:
  prometheus: http://127.0.0.1:9090
  selector: job="api-canary"
  metrics:
    error-ratio: { max: 1% }
    p95-latency: { max: 500ms }
`;

describe('strategySchema', () => {
  it('is recreate when absent (today’s behaviour)', () => {
    expect(strategySchema.parse(undefined)).toEqual({ kind: 'recreate' });
  });

  it('reads a complete canary and fills the documented defaults', () => {
    const entry = parse(canaryYaml);
    expect(entry).toMatchObject({
      kind: 'canary',
      proxy: { kind: 'nginx', upstream: 'api', runs: 'compose' },
      'drain-timeout': '30s',
      analysis: { window: '1m', count: 1, interval: '30s', timeout: '10s', health: true },
    });
  });

  it('defaults a bare canary to steps [10, 50, 100], pause 1m, failure-limit 0, on-inconclusive fail', () => {
    expect(parse('kind: canary')).toMatchObject({
      steps: [10, 50, 100],
      pause: '1m',
      'failure-limit': 0,
      'on-inconclusive': 'fail',
    });
  });

  it('defaults blue-green’s drain-timeout to 30s', () => {
    expect(parse('kind: blue-green\nproxy: { kind: haproxy, upstream: api }')).toMatchObject({
      'drain-timeout': '30s',
      keep: '1h',
    });
  });

  it('reads rolling with a percentage batch and hooks', () => {
    const entry = parse('kind: rolling\nbatch: 34%\nhooks: { before: ./lb-out.sh, after: ./lb-in.sh }');
    expect(entry).toMatchObject({
      kind: 'rolling',
      batch: '34%',
      hooks: { before: './lb-out.sh' },
    });
  });

  it.each([
    [{ kind: 'canary', steps: [50, 10, 100] }, 'steps.1', 'expected weights that grow: 10 comes after 50'],
    [{ kind: 'canary', steps: [10, 50] }, 'steps.1', 'expected the last step to be 100, so the canary is promoted'],
    [{ kind: 'canary', 'on-inconclusive': 'pass' }, 'on-inconclusive', 'expected fail or promote'],
    [{ kind: 'canary', pause: 'soon' }, 'pause', 'expected a duration such as 500ms, 5s, 2m or 1h'],
    [
      { kind: 'rolling', batch: '0%' },
      'batch',
      'expected a number of hosts such as 1, or a percentage of them such as 34%',
    ],
    [
      { kind: 'rolling', batch: 0 },
      'batch',
      'expected a number of hosts such as 1, or a percentage of them such as 34%',
    ],
    [
      { kind: 'canary', analysis: { metrics: { 'error-ratio': { max: 2 } } } },
      'analysis.metrics.error-ratio.max',
      'expected a ratio from 0 to 1 such as 0.01, or a percentage such as 1%',
    ],
    [
      { kind: 'blue-green', proxy: { kind: 'traefik', upstream: 'api' } },
      'proxy.kind',
      'expected kind: nginx, haproxy, caddy',
    ],
    [{ kind: 'canary', steps: [0, 100] }, 'steps.0', 'expected a traffic weight from 1 to 100'],
    [{ kind: 'canary', 'failure-limit': -1 }, 'failure-limit', 'expected a whole number from 0 to 100'],
    [{ kind: 'linear' }, 'kind', 'expected kind: recreate, blue-green, rolling, canary'],
  ])('rejects %j at %s', (value, path, message) => {
    expect(problemsOf(value)).toContainEqual({ path, message });
  });

  it('rejects unknown keys (a typo is not silently ignored)', () => {
    expect(problemsOf({ kind: 'canary', stepz: [100] })[0]?.message).toMatch(/stepz/);
  });
});

describe('the JSON Schema editors get', () => {
  it('is generated from the fragment as the model generates its own, with the kinds and defaults', () => {
    const schema = JSON.stringify(z.toJSONSchema(strategySchema, { io: 'input', target: 'draft-07' }));
    for (const word of [
      '"recreate"',
      '"blue-green"',
      '"rolling"',
      '"canary"',
      '"on-inconclusive"',
      '"drain-timeout"',
    ]) {
      expect(schema).toContain(word);
    }
  });
});

describe('checkStrategyFor', () => {
  it('accepts every strategy on ssh-compose when its settings are complete', () => {
    expect(checkStrategyFor('ssh-compose', parse(canaryYaml))).toEqual([]);
    expect(checkStrategyFor('ssh-compose', parse('kind: rolling'))).toEqual([]);
    expect(checkStrategyFor('command', parse('kind: recreate'))).toEqual([]);
  });

  it('rejects a strategy the target cannot do, naming strategy.kind', () => {
    expect(checkStrategyFor('command', parse('kind: rolling'))).toEqual([
      {
        path: ['strategy', 'kind'],
        message: 'a command target cannot run rolling; expected recreate (your script decides how it deploys)',
      },
    ]);
  });

  it('accepts every strategy on kubernetes, without the host-only settings', () => {
    for (const kind of ['recreate', 'rolling', 'blue-green', 'canary']) {
      expect(checkStrategyFor('kubernetes', parse(`kind: ${kind}`))).toEqual([]);
    }
    // A canary by an HTTPRoute's weights; without route:, by replica ratio.
    expect(checkStrategyFor('kubernetes', parse('kind: canary\nroute: shop'))).toEqual([]);
    expect(checkStrategyFor('kubernetes', parse('kind: rolling\nmax-surge: 25%\nmax-unavailable: 0'))).toEqual([]);
  });

  it('refuses on kubernetes what moves hosts or a proxy, naming each setting', () => {
    const rolling = parse(
      'kind: rolling\nbatch: 1\nper-host: recreate\nhooks: { before: ./x.sh }\nproxy: { kind: nginx, upstream: api }',
    );
    expect(checkStrategyFor('kubernetes', rolling).map((p) => p.path.join('.'))).toEqual([
      'strategy.proxy',
      'strategy.batch',
      'strategy.per-host',
      'strategy.hooks',
    ]);
    expect(checkStrategyFor('kubernetes', parse(canaryYaml))).toEqual([
      {
        path: ['strategy', 'proxy'],
        message: 'a kubernetes target cannot use proxy; the cluster’s Service sends the traffic (remove proxy:)',
      },
    ]);
  });

  it('refuses the kubernetes-only canary route on ssh-compose with one problem naming it', () => {
    expect(checkStrategyFor('ssh-compose', parse(`${canaryYaml}\nroute: shop`))).toEqual([
      {
        path: ['strategy', 'route'],
        message: 'a ssh-compose target cannot use route (kubernetes only: an HTTPRoute); the proxy splits the traffic',
      },
    ]);
  });

  it('refuses the kubernetes-only max-surge and max-unavailable on ssh-compose', () => {
    expect(
      checkStrategyFor('ssh-compose', parse('kind: rolling\nmax-surge: 1\nmax-unavailable: 10%')).map((p) =>
        p.path.join('.'),
      ),
    ).toEqual(['strategy.max-surge', 'strategy.max-unavailable']);
  });

  it('rejects a canary without a proxy, naming strategy.proxy', () => {
    expect(checkStrategyFor('ssh-compose', parse('kind: canary'))).toEqual([
      {
        path: ['strategy', 'proxy'],
        message:
          'required: canary needs a proxy to send a share of the traffic to the canary, e.g. proxy: { kind: nginx, upstream: api }',
      },
    ]);
  });

  it('rejects blue-green (also per host) without a proxy', () => {
    expect(checkStrategyFor('ssh-compose', parse('kind: blue-green'))[0]?.path).toEqual(['strategy', 'proxy']);
    expect(checkStrategyFor('ssh-compose', parse('kind: rolling\nper-host: blue-green'))[0]?.path).toEqual([
      'strategy',
      'proxy',
    ]);
  });

  it('requires a Prometheus URL when metrics are set, and some check at all', () => {
    const noPrometheus = parse(
      'kind: canary\nproxy: { kind: nginx, upstream: api }\nanalysis: { metrics: { error-ratio: { max: 0.01 } } }',
    );
    expect(checkStrategyFor('ssh-compose', noPrometheus)).toEqual([
      {
        path: ['strategy', 'analysis', 'prometheus'],
        message: 'required: the Prometheus server’s URL, since analysis.metrics are set',
      },
    ]);
    const nothing = parse('kind: canary\nproxy: { kind: nginx, upstream: api }\nanalysis: { health: false }');
    expect(checkStrategyFor('ssh-compose', nothing)[0]?.path).toEqual(['strategy', 'analysis']);
  });
});

describe('resolving settings for the machines', () => {
  it('gives the canary plan and metric rules in the queries’ units', () => {
    const entry = parse(canaryYaml);
    if (entry.kind !== 'canary') throw new Error('expected a canary');
    expect(canaryPlanFrom(entry)).toEqual({ steps: [10, 50, 100], pauseMs: 120_000 });
    expect(metricRulesFrom(entry.analysis)).toEqual([
      { name: 'error-ratio', query: defaultErrorRatioQuery('job="api-canary"', '1m'), max: 0.01 },
      {
        name: 'p95-latency',
        query: expect.stringContaining('http_request_duration_seconds_bucket{job="api-canary"}[1m]'),
        max: 0.5,
      },
    ]);
  });

  it('gives the analysis settings, without health when analysis.health is false', () => {
    const entry = parse(canaryYaml);
    if (entry.kind !== 'canary') throw new Error('expected a canary');
    expect(analysisSettingsFrom(entry)).toMatchObject({
      prometheus: { url: 'http://127.0.0.1:9090', timeoutMs: 10_000 },
      count: 1,
      intervalMs: 30_000,
      failureLimit: 1,
      onInconclusive: 'promote',
    });
  });

  it('gives the batch size', () => {
    const percent = parse('kind: rolling\nbatch: 34%');
    const count = parse('kind: rolling\nbatch: 2');
    if (percent.kind !== 'rolling' || count.kind !== 'rolling') throw new Error('expected rolling');
    expect(batchSizeFrom(percent)).toEqual({ kind: 'percent', percent: 34 });
    expect(batchSizeFrom(count)).toEqual({ kind: 'count', hosts: 2 });
  });
});
