import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { UserError } from '@deploy-kit/action-kit';
import {
  DEFAULT_CONFIG_FILE,
  environmentFor,
  formatProblem,
  isRepository,
  loadConfigFile,
  maskSecrets,
  type DeployConfig,
  type ReleaseKind,
  type ValueChecks,
} from '@deploy-kit/model';
import { parseFreezeWindow } from '@deploy-kit/preflight';
import { UsageError, type CliCommand } from '../command';

const usage = `Usage: deploy-kit config [--config FILE] [--environment NAME] [--repository OWNER/REPO]

Checks the configuration file and prints it resolved, as JSON on stdout: every
service with its full image name, compose service and image variable; every
environment with its target settings and health URLs; and which environment a
prerelease and a release go to. Defaults are filled in. Secrets never belong in
the file; anything that looks like one is printed as ***.

A file with mistakes prints every problem on stderr, one per line, as
FILE:LINE:COLUMN: PATH: message, and exits 1.

Options:
  --config <file>           default: ${DEFAULT_CONFIG_FILE}
  --environment <name>      print only this environment
  --repository <owner/repo> for the default image names ghcr.io/<owner>/<repo>/<service>
                            (default: $GITHUB_REPOSITORY, else the git remote "origin")

Exit codes: 0 valid, 1 invalid or missing file, 2 bad arguments.

Example:
  deploy-kit config --environment production`;

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        config: { type: 'string' },
        environment: { type: 'string' },
        repository: { type: 'string' },
      },
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** owner/repo from the last two parts of origin's URL (git@github.com:o/r.git, https://github.com/o/r). */
function repositoryFromGit(): string | undefined {
  try {
    const url = execFileSync('git', ['remote', 'get-url', 'origin'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    }).trim();
    const match = /[:/]([^/:]+)\/([^/]+?)(?:\.git)?\/?$/.exec(url);
    return match ? `${match[1]}/${match[2]}` : undefined;
  } catch {
    return undefined;
  }
}

function repositoryFrom(option: string | undefined): string {
  const repository = option ?? (process.env.GITHUB_REPOSITORY || undefined) ?? repositoryFromGit();
  if (repository === undefined) {
    throw new UsageError(
      '--repository is required: GITHUB_REPOSITORY is not set and the git remote "origin" names no owner/repo',
    );
  }
  if (!isRepository(repository))
    throw new UsageError(`--repository ${JSON.stringify(repository)} is not of the form owner/repo`);
  return repository;
}

/** Which environment each kind of release goes to; null when none (or, with a warning, several). */
function releases(config: DeployConfig): Record<ReleaseKind, string | null> {
  const pick = (release: ReleaseKind): string | null => {
    const choice = environmentFor(config, release);
    if (choice.kind === 'ambiguous') console.error(`warning: ${choice.message}`);
    return choice.kind === 'chosen' ? choice.environment.name : null;
  };
  return { prerelease: pick('prerelease'), release: pick('release') };
}

/** Freeze windows are checked by the parser pre-deploy-check uses, so the file fails here first. */
const checks: ValueChecks = {
  freeze: (window) => {
    const parsed = parseFreezeWindow(window);
    return typeof parsed === 'string' ? parsed : undefined;
  },
};

async function run(args: string[]): Promise<number> {
  const options = parse(args);
  const repository = repositoryFrom(options.repository);
  const result = await loadConfigFile({ file: options.config, repository, checks });
  if (result.kind === 'missing') {
    throw new UserError(
      `${result.file} does not exist: describe your services and environments there (docs/configuration.md), or pass --config FILE`,
    );
  }
  if (result.kind === 'invalid') {
    for (const problem of result.problems) console.error(formatProblem(problem));
    return 1;
  }
  const { config } = result;
  let environments = config.environments;
  if (options.environment !== undefined) {
    const wanted = options.environment.toLowerCase();
    environments = environments.filter((environment) => environment.name.toLowerCase() === wanted);
    if (environments.length === 0) {
      throw new UserError(
        `no environment ${JSON.stringify(options.environment)} in ${config.source}; it has: ${config.environments.map((e) => e.name).join(', ')}`,
      );
    }
  }
  const resolved = {
    file: config.source,
    repository,
    releases: releases(config),
    services: config.services,
    environments,
  };
  console.log(JSON.stringify(maskSecrets(resolved), null, 2));
  return 0;
}

export const configCommand: CliCommand = {
  name: 'config',
  summary: 'check .github/deploy-kit.yml and print it resolved (services, images, environments, targets)',
  usage,
  run,
};
