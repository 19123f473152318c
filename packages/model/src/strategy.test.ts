import { describe, expect, it } from '@jest/globals';
import { formatProblem } from './format';
import { parseConfig } from './parse-config';
import type { Environment } from './types';

const FILE = '.github/deploy-kit.yml';

/** One service, one production environment on `target` (lines 6+), `strategy` after it. */
const file = (strategy: string, target = SSH) => `services:
  api:
    context: api
environments:
  production:
${target}${strategy}`;

const SSH = `    target:
      kind: ssh-compose
      hosts: [a.example.com, b.example.com, c.example.com]
      user: deploy
      project-dir: /opt/app
`;
const COMMAND = `    target:
      kind: command
      command: ./deploy.sh
`;

function environment(text: string): Environment {
  const result = parseConfig(text, { file: FILE, repository: 'acme/shop' });
  if (result.kind !== 'ok') throw new Error(`expected a valid file, got ${JSON.stringify(result)}`);
  return result.config.environments[0]!;
}

function problems(text: string): string[] {
  const result = parseConfig(text, { file: FILE, repository: 'acme/shop' });
  return result.kind === 'invalid' ? result.problems.map(formatProblem) : [];
}

describe('an environment’s strategy', () => {
  it('is recreate when the file does not say', () => {
    expect(environment(file('')).strategy).toEqual({ kind: 'recreate' });
  });

  it('resolves rolling with its defaults, hooks and batch as the planner takes them', () => {
    const strategy = environment(
      file(`    strategy:
      kind: rolling
      batch: 34%
      hooks: { before: ./lb-remove.sh }
`),
    ).strategy;
    expect(strategy).toEqual({
      kind: 'rolling',
      batch: { kind: 'percent', percent: 34 },
      perHost: 'recreate',
      drainTimeoutMs: 30_000,
      hooks: { before: './lb-remove.sh' },
    });
  });

  it('resolves a canary in milliseconds and the queries’ units', () => {
    const strategy = environment(
      file(`    strategy:
      kind: canary
      proxy: { kind: nginx, upstream: api }
      steps: [25, 100]
      pause: 2m
      analysis:
        prometheus: http://127.0.0.1:9090
        metrics: { error-ratio: { max: 1% } }
`),
    ).strategy;
    expect(strategy).toMatchObject({
      kind: 'canary',
      proxy: { kind: 'nginx', upstream: 'api', runs: 'compose' },
      steps: [25, 100],
      pauseMs: 120_000,
      failureLimit: 0,
      onInconclusive: 'fail',
      analysis: { prometheus: { url: 'http://127.0.0.1:9090', timeoutMs: 10_000 }, health: true, count: 1 },
    });
    expect(strategy.kind === 'canary' && strategy.analysis.metrics.map((m) => [m.name, m.max])).toEqual([
      ['error-ratio', 0.01],
    ]);
  });

  it('names the setting, with its line and column, when a canary has no proxy', () => {
    expect(problems(file('    strategy: { kind: canary }\n'))).toEqual([
      `${FILE}:11:5: environments.production.strategy.proxy: required: canary needs a proxy to send a share of the traffic to the canary, e.g. proxy: { kind: nginx, upstream: api }`,
    ]);
  });

  it('refuses a strategy the target cannot run, at strategy.kind', () => {
    expect(problems(file('    strategy:\n      kind: rolling\n', COMMAND))).toEqual([
      `${FILE}:10:7: environments.production.strategy.kind: a command target cannot run rolling; expected recreate (your script decides how it deploys)`,
    ]);
  });

  it('refuses the kubernetes-only max-surge on ssh-compose', () => {
    expect(problems(file('    strategy:\n      kind: rolling\n      max-surge: 25%\n'))).toEqual([
      `${FILE}:13:7: environments.production.strategy.max-surge: a ssh-compose target cannot use max-surge (kubernetes only: it counts pods); use batch: to size each step of hosts`,
    ]);
  });

  it('reports strategy problems together with the file’s other problems, and a typo with a hint', () => {
    const lines = problems(
      file('    strategy:\n      kind: rolling\n      bach: 2\n').replace('user: deploy', 'user: "bad user"'),
    );
    expect(lines).toEqual([
      expect.stringMatching(/:9:7: environments\.production\.target\.user: expected/),
      `${FILE}:13:7: environments.production.strategy.bach: unknown key; did you mean "batch"?`,
    ]);
  });
});
