import { resolve } from 'node:path';
import {
  ArgumentError,
  findToolkitRoot,
  formatWorkflowReport,
  guessEventName,
  pairs,
  parseArgs,
  readJsonObject,
  readStringMap,
  runWorkflow,
  single,
} from '@deploy-kit/local-runner';
import { UsageError, type CliCommand } from '../command';

const usage = `Usage: deploy-kit workflow <file> --event payload.json [--event-name NAME] [--input name=value ...]
                           [--secrets secrets.json] [--vars vars.json] [--env NAME=VALUE ...] [--debug]

Runs a workflow's jobs in dependency order on this machine, evaluating \${{ }} with GitHub's own
evaluator. Steps that use deploy-kit's actions (deploy-kit/deploy-kit/<name>@ref or ./<name>) run
through the local runner, run: steps run with bash; actions/checkout is skipped (the workspace
stands in for it). Jobs that call deploy-kit's reusable workflows run them too, and a matrix job
runs every combination. What cannot run here (another action, a container or services job)
fails its job, saying why: the run is never green for what it did not run. Ends with a table of
every job and step; the exit code is 1 when a job failed.

  <file>                the workflow file (.github/workflows/release.yml, a starter workflow, ...)
  --event FILE          the event payload (JSON), e.g. a release event
  --event-name NAME     the event's name; default guessed from the payload (release, push, ...)
  --input name=value    a workflow input (repeatable)
  --secrets FILE        a JSON object of secrets ({"ssh-key": "..."}); masked in all output
  --vars FILE           a JSON object of configuration variables (vars context)
  --env NAME=VALUE      an environment variable for every step (repeatable); GITHUB_* ones change the github
                        context, GITHUB_TOKEN is github.token and secrets.GITHUB_TOKEN
  --debug               show debug lines`;

function options(args: string[]) {
  try {
    const parsed = parseArgs(args, {
      values: ['event', 'event-name', 'input', 'secrets', 'vars', 'env'],
      flags: ['debug'],
    });
    const [file, ...extra] = parsed.positional;
    if (!file) throw new ArgumentError('name the workflow file to run');
    if (extra.length) throw new ArgumentError(`unexpected argument "${extra[0]}"`);
    const eventFile = single(parsed, 'event');
    if (!eventFile) throw new ArgumentError('--event payload.json is required');
    const event = readJsonObject(eventFile, 'event');
    const secretsFile = single(parsed, 'secrets');
    const varsFile = single(parsed, 'vars');
    return {
      file: resolve(file),
      event,
      eventName: single(parsed, 'event-name') ?? guessEventName(event),
      inputs: pairs(parsed.values.get('input'), 'input'),
      env: pairs(parsed.values.get('env'), 'env'),
      secrets: secretsFile ? readStringMap(secretsFile, 'secrets') : {},
      vars: varsFile ? readStringMap(varsFile, 'vars') : {},
      debug: parsed.flags.has('debug'),
    };
  } catch (error) {
    if (error instanceof ArgumentError) throw new UsageError(error.message);
    throw error;
  }
}

async function run(args: string[]): Promise<number> {
  const given = options(args);
  const result = await runWorkflow({
    ...given,
    workspace: process.cwd(),
    toolkitRoot: findToolkitRoot(import.meta.dirname),
    log: (line) => console.log(line),
  });
  console.log(`\n${formatWorkflowReport(result)}`);
  if (result.result === 'cancelled') return 130;
  return result.result === 'failure' ? 1 : 0;
}

export const workflowCommand: CliCommand = {
  name: 'workflow',
  summary: "run a workflow's jobs locally, in dependency order, with deploy-kit's actions",
  usage,
  run,
};
