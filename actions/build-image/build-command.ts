import type { KeyValue } from './key-value';

export interface BuildCommandOptions {
  buildx: boolean;
  context: string;
  file: string;
  /** Full references, one per tag. */
  refs: string[];
  labels: Record<string, string>;
  buildArgs: KeyValue[];
  platforms: string[];
  /** buildx only: push straight from the builder. */
  push: boolean;
  cache: 'gha' | 'registry' | 'none';
  /** `image` without tag, for the registry cache reference. */
  image: string;
}

/**
 * The argument list for `docker buildx build` or the classic `docker build`.
 * Pure, so every combination is unit-tested without an engine.
 */
export function buildCommand(options: BuildCommandOptions): string[] {
  const args = options.buildx ? ['buildx', 'build'] : ['build'];
  args.push('--file', options.file);
  for (const ref of options.refs) args.push('--tag', ref);
  for (const [key, value] of Object.entries(options.labels)) args.push('--label', `${key}=${value}`);
  for (const { key, value } of options.buildArgs) args.push('--build-arg', `${key}=${value}`);
  if (options.platforms.length) args.push('--platform', options.platforms.join(','));
  if (options.buildx) {
    args.push(...cacheArgs(options));
    // Several platforms cannot be loaded into the local engine; they live in the builder until pushed.
    if (options.push) args.push('--push');
    else if (options.platforms.length <= 1) args.push('--load');
  }
  args.push(options.context);
  return args;
}

function cacheArgs(options: BuildCommandOptions): string[] {
  switch (options.cache) {
    case 'gha':
      return ['--cache-from', 'type=gha', '--cache-to', 'type=gha,mode=max'];
    case 'registry': {
      const ref = `${options.image}:buildcache`;
      // Writing the cache is a push: only when this run pushes.
      return options.push
        ? ['--cache-from', `type=registry,ref=${ref}`, '--cache-to', `type=registry,ref=${ref},mode=max`]
        : ['--cache-from', `type=registry,ref=${ref}`];
    }
    case 'none':
      return [];
  }
}
