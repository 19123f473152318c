import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, UserError, field, readInputs, type ReadInputsOptions } from '@deploy-kit/action-kit';
import { validateImage } from '@deploy-kit/release-plan';
import { commaList, keyValueLines, type KeyValue } from './key-value';

/** The action's inputs by their action.yml names. */
export const inputShape = {
  image: field.optional(),
  context: field.withDefault('.'),
  file: field.optional(),
  'build-args': keyValueLines(),
  platforms: commaList(),
  push: field.boolean(true),
  promote: field.boolean(true),
  'semver-tags': field.boolean(false),
  'allow-non-semver': field.boolean(false),
  environment: field.oneOf(['staging', 'production'] as const),
  version: field.optional(),
  labels: keyValueLines(),
  'registry-username': field.optional(),
  'registry-password': field.optional(),
  'github-token': field.optional(),
  cache: field.oneOf(['gha', 'registry', 'none'] as const, 'none'),
};

export const SECRET_INPUTS = ['registry-password', 'github-token'] as const;

export interface BuildImageInputs {
  image?: string;
  context: string;
  file: string;
  buildArgs: KeyValue[];
  platforms: string[];
  push: boolean;
  promote: boolean;
  semverTags: boolean;
  allowNonSemver: boolean;
  environment?: 'staging' | 'production';
  version?: string;
  labels: KeyValue[];
  username?: string;
  /** `registry-password` only: it is sent to whatever registry `image` names. */
  password?: string;
  /** `github-token`: a registry password for ghcr.io only (see credentials.ts). */
  githubToken?: string;
  cache: 'gha' | 'registry' | 'none';
}

/**
 * Reads and checks every input, the build context and Dockerfile included,
 * so a mistake fails the step before anything is built or pushed.
 */
export function readBuildImageInputs(options: Pick<ReadInputsOptions, 'getInput'> = {}): BuildImageInputs {
  const raw = readInputs(inputShape, { ...options, secrets: SECRET_INPUTS });
  const image = raw.image === undefined ? undefined : checkImage(raw.image);
  // The context is docker build's last argument: one starting with `-` would be read as an option.
  if (raw.context.startsWith('-'))
    throw new InputError('context', `must not start with "-" (write ./${raw.context} for a directory named so)`);
  if (!isDirectory(raw.context))
    throw new InputError('context', `must be a directory (got "${raw.context}", which is not one)`);
  const file = raw.file ?? join(raw.context, 'Dockerfile');
  if (!isFile(file)) {
    throw new InputError(
      'file',
      raw.file
        ? `must name a Dockerfile (got "${file}", which does not exist)`
        : `is unset and the context has no Dockerfile (${file})`,
    );
  }
  for (const platform of raw.platforms) {
    if (!/^[a-z0-9_-]+\/[a-z0-9_-]+(\/[a-z0-9_.-]+)?$/.test(platform)) {
      throw new InputError('platforms', `must be os/arch[/variant] values such as linux/amd64 (got "${platform}")`);
    }
  }
  return {
    image,
    context: raw.context,
    file,
    buildArgs: raw['build-args'],
    platforms: raw.platforms,
    push: raw.push,
    promote: raw.promote,
    semverTags: raw['semver-tags'],
    allowNonSemver: raw['allow-non-semver'],
    environment: raw.environment,
    version: raw.version,
    labels: raw.labels,
    username: raw['registry-username'],
    password: raw['registry-password'],
    githubToken: raw['github-token'],
    cache: raw.cache ?? 'none',
  };
}

function checkImage(image: string): string {
  try {
    return validateImage(image);
  } catch (error) {
    if (error instanceof UserError) throw new InputError('image', `is not usable: ${error.message}`);
    throw error;
  }
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}
