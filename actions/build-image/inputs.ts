import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, UserError, field, readInputs, type ReadInputsOptions } from '@deploy-kit/action-kit';
import { DEFAULT_CONFIG_FILE, SERVICE_NAME, SERVICE_NAME_RULE } from '@deploy-kit/model';
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
  // staging | production on the inputs path; any environment of the file on the config path.
  environment: field.optional(),
  version: field.optional(),
  labels: keyValueLines(),
  'registry-username': field.optional(),
  'registry-password': field.optional(),
  'github-token': field.optional(),
  cache: field.oneOf(['gha', 'registry', 'none'] as const, 'none'),
  config: field.withDefault(DEFAULT_CONFIG_FILE),
  // Checked as names even without the file, so a value like `-x` is refused up front.
  services: commaList().refine((names) => names.every((name) => SERVICE_NAME.test(name)), {
    message: `must be service names of the config file, separated by commas (${SERVICE_NAME_RULE})`,
  }),
};

const INPUT_ENVIRONMENTS = ['staging', 'production'] as const;
/** Inputs that describe the one image of the inputs path; the config file describes its services itself. */
const IMAGE_INPUTS = ['image', 'file', 'platforms'] as const;

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
  /** The config file, when it exists: then every service in it is built (`services` picks some). */
  config?: string;
  /** `services`: names of the file's services to build; empty: all. */
  services: string[];
  /** The `config` input as given, whether or not the file exists. */
  configFile: string;
  /** The `environment` input as given (config path: a name in the file). */
  environmentName?: string;
}

/**
 * Reads and checks every input, the build context and Dockerfile included,
 * so a mistake fails the step before anything is built or pushed.
 */
export function readBuildImageInputs(options: Pick<ReadInputsOptions, 'getInput'> = {}): BuildImageInputs {
  const raw = readInputs(inputShape, { ...options, secrets: SECRET_INPUTS });
  if (isFile(raw.config)) return configPathInputs(raw);
  const environment = raw.environment;
  if (environment !== undefined && !(INPUT_ENVIRONMENTS as readonly string[]).includes(environment)) {
    throw new InputError('environment', `must be one of: ${INPUT_ENVIRONMENTS.join(', ')} (got "${environment}")`);
  }
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
    environment: environment as BuildImageInputs['environment'],
    environmentName: environment,
    // Without the file there is one image: run() says these are ignored.
    services: raw.services,
    configFile: raw.config,
    version: raw.version,
    labels: raw.labels,
    username: raw['registry-username'],
    password: raw['registry-password'],
    githubToken: raw['github-token'],
    cache: raw.cache ?? 'none',
  };
}

type RawInputs = ReturnType<typeof readInputs<typeof inputShape>>;

/**
 * The config file path: the file's services say what to build (image, context, Dockerfile, build
 * arguments, platforms), so the inputs that describe one image must stay unset. The file itself is
 * checked by the caller (every problem with its line), before anything is built.
 */
function configPathInputs(raw: RawInputs): BuildImageInputs {
  for (const name of IMAGE_INPUTS) {
    const value = raw[name];
    if (value !== undefined && (!Array.isArray(value) || value.length > 0)) {
      throw new InputError(name, `must be left unset when ${raw.config} exists: set it per service in that file`);
    }
  }
  if (raw.context !== '.') {
    throw new InputError('context', `must be left unset when ${raw.config} exists: set it per service in that file`);
  }
  return {
    context: '.',
    file: 'Dockerfile',
    // Given to every service (e.g. VERSION=<tag>); a service's own build-args in the file win.
    buildArgs: raw['build-args'],
    platforms: [],
    push: raw.push,
    promote: raw.promote,
    semverTags: raw['semver-tags'],
    allowNonSemver: raw['allow-non-semver'],
    environmentName: raw.environment,
    version: raw.version,
    labels: raw.labels,
    username: raw['registry-username'],
    password: raw['registry-password'],
    githubToken: raw['github-token'],
    cache: raw.cache ?? 'none',
    config: raw.config,
    configFile: raw.config,
    services: raw.services,
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
