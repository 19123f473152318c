import { field } from '@deploy-kit/action-kit';
import { z } from 'zod';
import { sshHostProblem, sshUserProblem } from './ssh/ssh-destination';

/** The `target` input's accepted values; one per implementation in create-target.ts. */
export const TARGET_KINDS = ['ssh-compose', 'command', 'kubernetes'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** Why a value that reaches a remote command line must not start with `-`: it would read as an option. */
const NOT_AN_OPTION = 'must not start with "-" (it would be read as an option)';

/** A list given one per line or separated by spaces/commas (`web worker`); no word may read as an option. */
const wordList = () =>
  z
    .string()
    .transform((text) =>
      text
        .split(/[\s,]+/)
        .map((word) => word.trim())
        .filter((word) => word !== ''),
    )
    .refine((words) => words.every((word) => !word.startsWith('-')), { message: NOT_AN_OPTION });

/** A path or command prefix placed on the host's command line: refused when it would read as an option. */
const notAnOption = <T extends z.ZodType<string | undefined>>(schema: T) =>
  schema.refine((value) => value === undefined || !value.trimStart().startsWith('-'), { message: NOT_AN_OPTION });

/** An environment variable name, as compose interpolates it (`${IMAGE}`). */
const variableName = (fallback: string) =>
  field
    .withDefault(fallback)
    .refine((name) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name), { message: 'must be a variable name such as IMAGE' });

/**
 * An ssh-host or ssh-user value: checked by the same rule SshSession applies
 * (ssh/ssh-destination.ts), so a value ssh would read as an option fails here,
 * as an input error, before anything runs.
 */
const sshWord = (problemWith: (value: string) => string | undefined) =>
  field.optional().superRefine((value, context) => {
    const problem = value === undefined ? undefined : problemWith(value);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

/** Multi-line text kept as given (known_hosts lines, keys): only line endings normalised. */
const text = () =>
  z.string().transform((value) => {
    const normalised = value.replace(/\r\n?/g, '\n').trim();
    return normalised === '' ? undefined : normalised;
  });

/**
 * The input shape shared by every action that deploys (deploy, rollback): the
 * target selector plus every target's own inputs. Keys are the action.yml
 * input names. Whether a target's required inputs are present is checked by
 * createTarget, since it depends on `target`.
 */
export const targetFields = {
  target: field.oneOf(TARGET_KINDS),
  'deploy-timeout': field.duration('10m'),
  // ssh-compose
  'ssh-host': sshWord(sshHostProblem),
  'ssh-port': field.integer(22, 1, 65535),
  'ssh-user': sshWord(sshUserProblem),
  'ssh-key': text(),
  'ssh-known-hosts': text(),
  'ssh-insecure-skip-host-key': field.boolean(false),
  'ssh-connect-timeout': field.duration('20s'),
  'project-dir': notAnOption(field.optional()),
  'compose-file': notAnOption(field.optional()),
  services: wordList(),
  'compose-command': notAnOption(field.withDefault('docker compose')),
  'image-variable': variableName('IMAGE'),
  // command
  command: z.string().transform((script) => (script.trim() === '' ? undefined : script)),
  // kubernetes (whether they are given is checked by createTarget; the workloads' grammar too)
  kubeconfig: text(),
  'kube-context': notAnOption(field.optional()),
  namespace: field
    .optional()
    .refine((name) => name === undefined || /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/.test(name), {
      message: 'must be a Kubernetes namespace name (lower-case letters, digits and -, at most 63), e.g. shop',
    }),
  manifests: notAnOption(field.optional()),
  workloads: field.text(),
};

/** Target inputs that hold secrets: masked on read, never echoed. */
export const targetSecretInputs = ['ssh-key', 'kubeconfig'] as const;

export type TargetInputs = { [K in keyof typeof targetFields]: z.output<(typeof targetFields)[K]> };
