import { readFile } from 'node:fs/promises';
import { parseConfig } from './parse-config';
import type { ConfigResult } from './types';
import type { ValueChecks } from './value-checks';

/** Where a repository describes its deployments. */
export const DEFAULT_CONFIG_FILE = '.github/deploy-kit.yml';

export interface LoadConfigOptions {
  /** Path as given (relative to the working directory); default `.github/deploy-kit.yml`. */
  file?: string;
  /** `owner/repo`, for the default image names. */
  repository: string;
  /** Grammar checks owned by other packages (freeze windows, JSON assertions). */
  checks?: ValueChecks;
}

/**
 * Reads and checks the config file. A file that does not exist is `missing` (the caller decides
 * whether that means "use the action inputs" or an error); every other problem is `invalid`.
 */
export async function loadConfigFile(options: LoadConfigOptions): Promise<ConfigResult> {
  const file = options.file ?? DEFAULT_CONFIG_FILE;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing', file };
    return {
      kind: 'invalid',
      problems: [{ file, line: 1, column: 1, path: '', message: `cannot read the file${code ? ` (${code})` : ''}` }],
    };
  }
  return parseConfig(text, { file, repository: options.repository, checks: options.checks });
}
