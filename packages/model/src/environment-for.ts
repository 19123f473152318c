import type { DeployConfig, Environment, ReleaseKind } from './types';

export type EnvironmentChoice =
  | { kind: 'chosen'; environment: Environment }
  | { kind: 'none'; message: string }
  | { kind: 'ambiguous'; message: string; environments: string[] };

/**
 * The one environment a prerelease or a release deploys to: the one whose `on:` names it. The
 * file decides; workflows ask this instead of deciding again.
 */
export function environmentFor(config: DeployConfig, release: ReleaseKind): EnvironmentChoice {
  const matching = config.environments.filter((environment) => environment.on.includes(release));
  const [first, second] = matching;
  if (first && !second) return { kind: 'chosen', environment: first };
  const names = matching.map((environment) => environment.name);
  if (!first) {
    const all = config.environments.map((environment) => environment.name).join(', ');
    return {
      kind: 'none',
      message: `no environment in ${config.source} takes a ${release}: add "on: ${release}" to one of: ${all}`,
    };
  }
  return {
    kind: 'ambiguous',
    environments: names,
    message: `${names.length} environments in ${config.source} take a ${release} (${names.join(', ')}); keep "on: ${release}" on one of them`,
  };
}
