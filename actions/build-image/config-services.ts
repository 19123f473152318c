import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, UserError } from '@deploy-kit/action-kit';
import { loadConfigFile, problemsLine, type DeployConfig, type Service } from '@deploy-kit/model';
import type { BuildImageInputs } from './inputs';

/**
 * Reads the config file with the build files checked on disk: a missing context or Dockerfile is a
 * problem placed on the service's key, like any other, before anything is built or pushed.
 */
export async function loadBuildConfig(file: string, repository: string): Promise<DeployConfig> {
  const result = await loadConfigFile({ file, repository, checks: { buildFiles } });
  if (result.kind === 'missing') throw new UserError(`${file} does not exist (input "config")`);
  if (result.kind === 'invalid') throw new UserError(problemsLine(result.problems));
  return result.config;
}

function buildFiles(context: string, dockerfile: string | undefined) {
  // The context is docker build's last argument: one starting with `-` would be read as an option.
  if (context.startsWith('-'))
    return { key: 'context' as const, message: `must not start with "-" (write ./${context})` };
  if (!isDirectory(context)) return { key: 'context' as const, message: `"${context}" is not a directory` };
  const file = dockerfile ?? join(context, 'Dockerfile');
  if (!isFile(file)) {
    return dockerfile === undefined
      ? { key: 'dockerfile' as const, message: `the context has no Dockerfile (${file}); set dockerfile:` }
      : { key: 'dockerfile' as const, message: `"${file}" does not exist` };
  }
  return undefined;
}

/** The services the `services` input picks (all when empty), in the file's order. */
export function pickServices(config: DeployConfig, names: readonly string[]): Service[] {
  if (!names.length) return config.services;
  const known = config.services.map((service) => service.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length) {
    throw new InputError(
      'services',
      `names ${unknown.map((name) => `"${name}"`).join(', ')}, not a service of ${config.source} (expected some of: ${known.join(', ')})`,
    );
  }
  return config.services.filter((service) => names.includes(service.name));
}

/** One service as the single-image steps take it: its own image, context, Dockerfile and build settings. */
export function serviceInputs(inputs: BuildImageInputs, service: Service): BuildImageInputs {
  return {
    ...inputs,
    image: service.image,
    context: service.context,
    file: service.dockerfile ?? join(service.context, 'Dockerfile'),
    // The input's arguments first: docker takes the last value of a name, so the file's win.
    buildArgs: [...inputs.buildArgs, ...Object.entries(service.buildArgs).map(([key, value]) => ({ key, value }))],
    platforms: service.platforms,
    // Per service OCI labels: the title names the service; the `labels` input still wins.
    labels: [{ key: 'org.opencontainers.image.title', value: service.name }, ...inputs.labels],
  };
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}
