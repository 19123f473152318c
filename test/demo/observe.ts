import { deploymentHistory, type HistoryEntry } from './deployment-history';
import { viewEnvironment, type EnvironmentView } from './environment-view';
import { registryTags } from './registry-view';
import { DEMO_TOKEN } from './scenario';
import type { EnvironmentName } from './stack/compose-projects';
import { DEMO_REPOSITORY, type Stack } from './stack/start-stack';
import type { ReceivedNotification } from './stack/webhook-receiver';

/** Everything the scenario left behind, seen from outside deploy-kit. */
export interface Observation {
  /** Registry tag -> manifest digest. */
  tags: Record<string, string>;
  environments: Record<EnvironmentName, EnvironmentView>;
  /** Oldest first, per environment. */
  history: Record<EnvironmentName, HistoryEntry[]>;
  notifications: ReceivedNotification[];
  refusedNotifications: string[];
  /** Requests or answers of the fake GitHub API that broke GitHub's OpenAPI description. */
  apiValidationErrors: string[];
}

export async function observe(stack: Stack): Promise<Observation> {
  const query = { apiUrl: stack.github.url, repository: DEMO_REPOSITORY, token: DEMO_TOKEN };
  const [tags, staging, production, stagingHistory, productionHistory] = await Promise.all([
    registryTags(stack.image),
    viewEnvironment(stack.sshd, stack.environments.staging),
    viewEnvironment(stack.sshd, stack.environments.production),
    deploymentHistory(query, 'staging'),
    deploymentHistory(query, 'production'),
  ]);
  return {
    tags,
    environments: { staging, production },
    history: { staging: stagingHistory, production: productionHistory },
    notifications: [...stack.receiver.received],
    refusedNotifications: [...stack.receiver.refused],
    apiValidationErrors: [...stack.github.validationErrors],
  };
}
