import { UserError } from '@deploy-kit/action-kit';
import type { Strategy, Target } from '@deploy-kit/model';
import { CommandTarget } from './command/command-target';
import { kubernetesFromSettings } from './kubernetes/from-settings';
import { proxiedTargetFromSettings } from './canary/from-settings';
import { hostsFromSettings } from './multi-host/from-settings';
import { SshComposeTarget } from './ssh-compose/ssh-compose-target';
import type { DeployTarget, TargetHealthCheck, TargetLog } from './types';

/** What the config file cannot hold: the environment's secrets, read by the caller. */
export interface TargetSecrets {
  /** The environment's DEPLOY_SSH_KEY. */
  sshKey?: string;
  /** The environment's DEPLOY_SSH_KNOWN_HOSTS. */
  knownHosts?: string;
  /** The environment's DEPLOY_KUBECONFIG. */
  kubeconfig?: string;
}

export interface TargetSettingsContext {
  log: TargetLog;
  /** Where the target is written, for errors, e.g. `environments.production.target`. */
  where: string;
  /** Environment for runner-side scripts; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** The environment's `strategy:` (undefined: recreate); the kubernetes target runs it with the cluster's means. */
  strategy?: Strategy;
  /**
   * The environment's health checks: a rolling rollout checks each host with them (`{host}` in a
   * URL is the host), a check with expect-version: true against the version the engine resolved
   * for the request (DeployRequest.expectVersions).
   */
  health?: readonly TargetHealthCheck[];
}

/**
 * The config file's front door to the targets (createTarget is the inputs'
 * one): the model's typed target settings plus the environment's secrets.
 * Pure: nothing is contacted. Each service's compose service and image
 * variable travel in the requests (ServiceSlot), not here.
 */
export function targetFromSettings(
  target: Target,
  secrets: TargetSecrets,
  context: TargetSettingsContext,
): DeployTarget {
  switch (target.kind) {
    case 'kubernetes':
      return kubernetesFromSettings(target, secrets, context);
    case 'command':
      return new CommandTarget({ script: target.command, timeoutMs: target.deployTimeoutMs, env: context.env });
    case 'ssh-compose': {
      const privateKey = secrets.sshKey?.trim();
      if (!privateKey) throw new UserError(`${context.where}: the secret DEPLOY_SSH_KEY is empty`);
      const knownHosts = secrets.knownHosts?.trim();
      if (!target.insecureSkipHostKey && !knownHosts) {
        throw new UserError(`${context.where}: the secret DEPLOY_SSH_KNOWN_HOSTS is empty`);
      }
      if (target.insecureSkipHostKey) {
        context.log.warning(
          `${context.where}.insecure-skip-host-key is true: the identity of ${target.hosts.join(', ')} is NOT verified. Set DEPLOY_SSH_KNOWN_HOSTS instead.`,
        );
      }
      const hostTarget = (host: string) =>
        new SshComposeTarget({
          connection: {
            host,
            port: target.port,
            user: target.user,
            privateKey,
            ...(knownHosts ? { knownHosts } : {}),
            skipHostKeyCheck: target.insecureSkipHostKey,
            connectTimeoutMs: target.connectTimeoutMs,
          },
          project: {
            projectDir: target.projectDir,
            ...(target.composeFile === undefined ? {} : { composeFile: target.composeFile }),
            composeCommand: target.composeCommand,
          },
          commandTimeoutMs: target.deployTimeoutMs,
          // A missing compose service or image variable is named with its service in the message itself.
          settingName: (setting) =>
            setting === 'project-dir' || setting === 'compose-file' ? `${context.where}.${setting}` : undefined,
        });
      const strategy = context.strategy ?? { kind: 'recreate' };
      const strategyWhere = context.where.replace(/\.target$/, '.strategy');
      switch (strategy.kind) {
        case 'recreate':
        case 'rolling':
          return hostsFromSettings(target, strategy, hostTarget, {
            log: context.log,
            strategyWhere,
            ...(context.health ? { health: context.health } : {}),
            ...(context.env ? { env: context.env } : {}),
            // per-host: blue-green: each host is its own one-host blue-green target.
            blueGreenHost: (host, blueGreen) =>
              proxiedTargetFromSettings(
                { ...target, hosts: [host] },
                blueGreen,
                { privateKey, ...(knownHosts ? { knownHosts } : {}) },
                { where: context.where, strategyWhere, ...(context.health ? { health: context.health } : {}) },
              ),
          });
        case 'blue-green':
        case 'canary':
          return proxiedTargetFromSettings(
            target,
            strategy,
            { privateKey, ...(knownHosts ? { knownHosts } : {}) },
            { where: context.where, strategyWhere, ...(context.health ? { health: context.health } : {}) },
          );
      }
    }
  }
}
