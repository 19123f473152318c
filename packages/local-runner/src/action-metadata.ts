import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '@deploy-kit/action-kit';
import { parse } from 'yaml';

export interface ActionInputMetadata {
  name: string;
  required: boolean;
  default?: string;
}

export interface ActionMetadata {
  /** Folder holding action.yml: the runner's GITHUB_ACTION_PATH. */
  dir: string;
  name: string;
  using: string;
  /** Absolute path of the JavaScript entry (runs.main). */
  main: string;
  inputs: ActionInputMetadata[];
  outputs: string[];
}

function metadataFile(dir: string): string {
  for (const name of ['action.yml', 'action.yaml']) {
    const path = join(dir, name);
    if (existsSync(path)) return path;
  }
  throw new UserError(`No action.yml in ${dir}`);
}

/** Reads an action's metadata file as the runner does before starting it. */
export function readActionMetadata(dir: string): ActionMetadata {
  const file = metadataFile(resolve(dir));
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError(`${file} is not valid YAML: ${(error as Error).message}`);
  }
  const meta = (doc ?? {}) as {
    name?: unknown;
    inputs?: Record<string, { required?: unknown; default?: unknown } | null>;
    outputs?: Record<string, unknown>;
    runs?: { using?: unknown; main?: unknown };
  };
  const using = String(meta.runs?.using ?? '');
  if (!/^node\d+$/.test(using) || typeof meta.runs?.main !== 'string') {
    throw new UserError(`${file}: only JavaScript actions (runs.using nodeNN with runs.main) can be run locally`);
  }
  return {
    dir: dirname(file),
    name: String(meta.name ?? dirname(file)),
    using,
    main: resolve(dirname(file), meta.runs.main),
    inputs: Object.entries(meta.inputs ?? {}).map(([name, spec]) => ({
      name,
      required: spec?.required === true || spec?.required === 'true',
      default: spec?.default === undefined || spec?.default === null ? undefined : String(spec.default),
    })),
    outputs: Object.keys(meta.outputs ?? {}),
  };
}
