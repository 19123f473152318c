import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UserError } from '@deploy-kit/action-kit';
import { gitHead } from '@deploy-kit/local-runner';
import { loadConfigFile, problemsLine, type ValueChecks } from '@deploy-kit/model';
import { parseFreezeWindow } from '@deploy-kit/preflight';
import { planDeploy, planRelease, tagsAfterHealth, type PlanRequest } from '@deploy-kit/release-plan';
import { UsageError, type CliCommand } from '../command';

const usage = `Usage: deploy-kit plan --event <payload.json> [options]
       deploy-kit plan --config <file> --event <payload.json> [options]

Prints the release plan (environment, version, tags, image, OCI labels) that
build-image would follow for this event, as JSON on stdout. Warnings and
notices go to stderr. Nothing is built, pushed or deployed.

With --config (a .github/deploy-kit.yml), prints what the plan action decides:
the environment the release goes to (the file's on:, or --environment), every
service with its image, compose service, image variable, health URLs and the
tags it is pushed with and those that move once the environment is healthy,
and the names of the secrets that environment needs (never values).

Options:
  --config <file>           the config file (plans every service of it)
  --event <file>            event payload JSON (required), e.g. $GITHUB_EVENT_PATH
  --event-name <name>       release | push | workflow_dispatch | workflow_call
                            (default: release when the payload has a release, else $GITHUB_EVENT_NAME)
  --sha <sha>               commit to plan for (default: the release's target_commitish
                            when it is a full sha, else $GITHUB_SHA, else git HEAD here)
  --repository <owner/repo> default: the payload's repository, else $GITHUB_REPOSITORY
  --ref <ref>               e.g. refs/tags/v1.2.3 (default: the payload's ref)
  --image <name>            image without tag (default: ghcr.io/<owner>/<repo>, lower-cased)
  --environment <env>       staging | production, or with --config one of the file's
                            environments (required for workflow_dispatch/workflow_call;
                            a workflow_dispatch payload's inputs.environment is used when omitted)
  --version <version>       release version (required for workflow_dispatch/workflow_call;
                            a workflow_dispatch payload's inputs.version is used when omitted)
  --semver-tags             also tag vMAJOR.MINOR and vMAJOR on full releases
  --allow-non-semver        accept versions that are not semver
  --existing-tags <a,b,c>   tags already in the registry (decides whether latest moves)
  --known-full-releases <a,b>
                            existing tags that look like prereleases but are full releases
                            with build metadata rewritten (v1.1.0-build.5 for v1.1.0+build.5)
  --label <key=value>       extra OCI label (repeatable)

Exit codes: 0 planned, 1 refused (the reason is printed), 2 bad arguments.

Example:
  deploy-kit plan --event test/fixtures/events/release-released-v1.1.0.json --existing-tags v1.0.0,latest`;

const FULL_SHA = /^[0-9a-f]{40}$/i;

function readPayload(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read --event ${path}${code ? ` (${code})` : ''}`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    throw new UserError(`${path} is not valid JSON`);
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new UserError(`${path} does not hold an event payload (a JSON object)`);
  }
  return payload as Record<string, unknown>;
}

function nested(source: Record<string, unknown>, key: string, field: string): string | undefined {
  const inner = source[key];
  if (typeof inner !== 'object' || inner === null) return undefined;
  const value = (inner as Record<string, unknown>)[field];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The commit to plan for, as `deploy-kit workflow` takes it: the release's
 * target_commitish when it is a full sha; otherwise (a branch such as main)
 * GITHUB_SHA, or else HEAD of the git checkout in the current directory, which
 * is what a release of that branch published now would point at.
 */
function defaultSha(payload: Record<string, unknown>): string {
  const commitish = nested(payload, 'release', 'target_commitish');
  if (commitish && FULL_SHA.test(commitish)) return commitish;
  if (process.env.GITHUB_SHA) return process.env.GITHUB_SHA;
  const head = gitHead(process.cwd());
  if (head) {
    const what = commitish ? `release.target_commitish is "${commitish}", not a commit` : 'the payload names no commit';
    console.error(`notice: ${what}: planning for HEAD of this checkout, ${head} (--sha to choose another)`);
    return head;
  }
  throw new UsageError(
    `--sha is required: the payload's release.target_commitish is ${commitish ? `"${commitish}", not a commit sha` : 'missing'}, GITHUB_SHA is not set and ${process.cwd()} is not a git checkout`,
  );
}

function splitList(values: readonly string[]): string[] {
  return values
    .flatMap((v) => v.split(','))
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

function parseLabels(values: readonly string[]): Record<string, string> | undefined {
  if (values.length === 0) return undefined;
  const labels: Record<string, string> = {};
  for (const entry of values) {
    const at = entry.indexOf('=');
    if (at <= 0) throw new UsageError(`--label expects key=value, got "${entry}"`);
    labels[entry.slice(0, at).trim()] = entry.slice(at + 1);
  }
  return labels;
}

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        event: { type: 'string' },
        config: { type: 'string' },
        'event-name': { type: 'string' },
        sha: { type: 'string' },
        repository: { type: 'string' },
        ref: { type: 'string' },
        image: { type: 'string' },
        environment: { type: 'string' },
        version: { type: 'string' },
        'semver-tags': { type: 'boolean', default: false },
        'allow-non-semver': { type: 'boolean', default: false },
        'existing-tags': { type: 'string', multiple: true, default: [] },
        'known-full-releases': { type: 'string', multiple: true, default: [] },
        label: { type: 'string', multiple: true, default: [] },
      },
    }).values;
  } catch (error) {
    // node:util names the offending option; keep its message, drop its stack.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** Turns the command line into the planner's request; every default is explained in `usage`. */
function toRequest(args: string[]): PlanRequest {
  const options = parse(args);
  if (!options.event) throw new UsageError('--event <payload.json> is required');
  const payload = readPayload(options.event);

  const eventName = options['event-name'] ?? ('release' in payload ? 'release' : process.env.GITHUB_EVENT_NAME);
  if (!eventName)
    throw new UsageError('--event-name is required: the payload has no release and GITHUB_EVENT_NAME is not set');

  const repository = options.repository ?? nested(payload, 'repository', 'full_name') ?? process.env.GITHUB_REPOSITORY;
  if (!repository) {
    throw new UsageError('--repository is required: the payload has no repository and GITHUB_REPOSITORY is not set');
  }

  // A dispatch payload carries the operator's inputs; use them as the workflow would.
  const dispatched = eventName === 'workflow_dispatch';
  return {
    eventName,
    payload,
    sha: options.sha ?? defaultSha(payload),
    ref: options.ref,
    repository,
    serverUrl: process.env.GITHUB_SERVER_URL,
    image: options.image,
    environment: options.environment ?? (dispatched ? nested(payload, 'inputs', 'environment') : undefined),
    version: options.version ?? (dispatched ? nested(payload, 'inputs', 'version') : undefined),
    semverTags: options['semver-tags'],
    allowNonSemver: options['allow-non-semver'],
    existingTags: splitList(options['existing-tags']),
    knownFullReleases: splitList(options['known-full-releases']),
    extraLabels: parseLabels(options.label),
  };
}

export const planCommand: CliCommand = {
  name: 'plan',
  summary: 'print the release plan (environment, tags, image, labels) for an event payload',
  usage,
  run: async (args) => {
    const config = parse(args).config;
    if (config !== undefined) return planConfig(config, toRequest(args));
    const plan = planRelease(toRequest(args));
    for (const warning of plan.warnings) console.error(`warning: ${warning}`);
    for (const notice of plan.notices) console.error(`notice: ${notice}`);
    console.log(JSON.stringify(plan, null, 2));
    return 0;
  },
};

/** Freeze windows are checked by the parser pre-deploy-check uses, as the plan action does. */
const checks: ValueChecks = {
  freeze: (window) => {
    const parsed = parseFreezeWindow(window);
    return typeof parsed === 'string' ? parsed : undefined;
  },
};

/** The plan action's decision for a repository with the config file, every service planned. */
async function planConfig(file: string, request: PlanRequest): Promise<number> {
  const loaded = await loadConfigFile({ file, repository: request.repository, checks });
  if (loaded.kind === 'missing') throw new UsageError(`cannot read --config ${file} (ENOENT)`);
  if (loaded.kind === 'invalid') throw new UserError(problemsLine(loaded.problems));
  const { config } = loaded;
  const plan = planDeploy(config, { ...request, environment: request.environment });
  if (plan.kind === 'skip') {
    console.error(`notice: ${plan.reason}`);
    console.log(JSON.stringify({ deploy: false, reason: plan.reason }, null, 2));
    return 0;
  }
  for (const warning of plan.warnings) console.error(`warning: ${warning}`);
  for (const notice of plan.notices) console.error(`notice: ${notice}`);
  const services = plan.services.map((service) => {
    const own = planRelease({
      ...request,
      image: service.image,
      environment: plan.environment.on.includes('release') && !plan.prerelease ? 'production' : 'staging',
    });
    const moving = tagsAfterHealth({
      environment: plan.environment.name,
      takes: plan.environment.on,
      version: own.version,
      prerelease: own.prerelease,
      semverTags: request.semverTags ?? false,
      existingTags: request.existingTags ?? [],
      knownFullReleases: request.knownFullReleases,
    });
    return { ...service, tags: own.buildTags, tagsAfterHealth: moving.tags, labels: own.labels };
  });
  console.log(
    JSON.stringify(
      {
        deploy: true,
        environment: plan.environment.name,
        version: plan.version,
        prerelease: plan.prerelease,
        environmentUrl: plan.environmentUrl ?? null,
        services,
        healthUrls: plan.healthUrls,
        secrets: plan.secrets.map((secret) => secret.name),
      },
      null,
      2,
    ),
  );
  return 0;
}
