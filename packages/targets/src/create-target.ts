import { InputError } from '@deploy-kit/action-kit';
import { CommandTarget } from './command/command-target';
import { TARGET_KINDS, type TargetInputs, type TargetKind } from './fields';
import { kubernetesFromInputs } from './kubernetes/from-inputs';
import { SshComposeTarget } from './ssh-compose/ssh-compose-target';
import type { DeployTarget, TargetLog } from './types';

export interface TargetContext {
  log: TargetLog;
  /** Environment for runner-side scripts; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

type TargetFactory = (inputs: TargetInputs, context: TargetContext) => DeployTarget;

function requireInput<K extends keyof TargetInputs>(
  inputs: TargetInputs,
  name: K,
  target: string,
): NonNullable<TargetInputs[K]> {
  const value = inputs[name];
  if (value === undefined || value === '') throw new InputError(name, `is required when target is ${target}`);
  return value as NonNullable<TargetInputs[K]>;
}

/**
 * One factory per `target` value. Adding a target (Kubernetes, say) means a
 * new folder, a line here and its inputs in fields.ts; the actions only call
 * createTarget.
 */
const factories: Record<TargetKind, TargetFactory> = {
  'ssh-compose': (inputs, context) => {
    const host = requireInput(inputs, 'ssh-host', 'ssh-compose');
    const user = requireInput(inputs, 'ssh-user', 'ssh-compose');
    const privateKey = requireInput(inputs, 'ssh-key', 'ssh-compose');
    const projectDir = requireInput(inputs, 'project-dir', 'ssh-compose');
    const skip = inputs['ssh-insecure-skip-host-key'];
    if (!skip && !inputs['ssh-known-hosts']) {
      throw new InputError(
        'ssh-known-hosts',
        'is required when target is ssh-compose: give the host key line(s), e.g. from `ssh-keyscan -p PORT HOST` run on a trusted network',
      );
    }
    if (skip) {
      context.log.warning(
        `ssh-insecure-skip-host-key is true: the identity of ${host} is NOT verified, so anyone able to intercept the connection ` +
          'receives the deploy and can run the registry login. Set ssh-known-hosts instead.',
      );
    }
    if (!/\S/.test(inputs['compose-command'])) throw new InputError('compose-command', 'must not be blank');
    return new SshComposeTarget({
      connection: {
        host,
        port: inputs['ssh-port'] ?? 22,
        user,
        privateKey,
        knownHosts: inputs['ssh-known-hosts'],
        skipHostKeyCheck: skip,
        connectTimeoutMs: inputs['ssh-connect-timeout'],
      },
      project: {
        projectDir,
        composeFile: inputs['compose-file'],
        composeCommand: inputs['compose-command'],
      },
      // The inputs path's one image feeds the compose services the `services` input lists (all when empty).
      composeServices: inputs.services,
      commandTimeoutMs: inputs['deploy-timeout'],
    });
  },
  command: (inputs, context) =>
    new CommandTarget({
      script: requireInput(inputs, 'command', 'command'),
      timeoutMs: inputs['deploy-timeout'],
      env: context.env,
    }),
  kubernetes: (inputs, context) => kubernetesFromInputs(inputs, context.env ?? process.env),
};

/**
 * Builds the target the inputs ask for, checking the inputs that only that
 * target needs. Pure: nothing is contacted, written or started here, so a bad
 * input fails before any side effect.
 */
export function createTarget(inputs: TargetInputs, context: TargetContext): DeployTarget {
  const kind = inputs.target;
  if (kind === undefined) throw new InputError('target', `is required (one of: ${TARGET_KINDS.join(', ')})`);
  return factories[kind](inputs, context);
}
