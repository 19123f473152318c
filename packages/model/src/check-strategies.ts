import { checkStrategyFor, STRATEGIES_BY_TARGET, strategySchema, type TargetKind } from '@deploy-kit/rollout';
import type { Finding } from './parse-config';

/**
 * Each environment's `strategy` against its own target's kind (a canary without a proxy, rolling
 * on a command target, max-surge on ssh-compose, ...), from the raw file, so these come out
 * together with every other problem of the file. A strategy or target the schema refused is
 * left to the schema's own findings.
 */
export function checkStrategies(data: unknown): Finding[] {
  const environments = isRecord(data) && isRecord(data.environments) ? data.environments : {};
  return Object.entries(environments).flatMap(([name, environment]) => {
    if (!isRecord(environment)) return [];
    const kind = isRecord(environment.target) ? environment.target.kind : undefined;
    const strategy = strategySchema.safeParse(environment.strategy);
    if (!isTargetKind(kind) || !strategy.success) return [];
    return checkStrategyFor(kind, strategy.data).map((problem) => ({
      path: ['environments', name, ...problem.path],
      message: problem.message,
    }));
  });
}

function isTargetKind(kind: unknown): kind is TargetKind {
  return typeof kind === 'string' && Object.hasOwn(STRATEGIES_BY_TARGET, kind);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
