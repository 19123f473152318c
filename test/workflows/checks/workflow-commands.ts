import { asNode, jobsOf, type YamlFile } from './files';
import { expressions, normalise } from './script-injection';

/**
 * The runner reads every output line starting with `::` as a workflow command
 * (`::error::`, `::add-mask::`, `::stop-commands::`...). A value echoed into one
 * can carry a newline and start a command of its own, or unbalance the message,
 * so no input reaches a workflow command line: messages name the input and say
 * what was expected, and the operator sees the value in the run's inputs.
 *
 * "Input" here is what the person or event triggering the run chose: inputs.*,
 * the event payload, branch and tag names, and env.* (which may hold any of them).
 * Outputs of our own jobs and steps are values those steps wrote after checking
 * them; the script-injection check still keeps them out of `${{ }}` in scripts.
 */
const USER_CHOSEN: readonly [RegExp, string][] = [
  [/\binputs\b/, 'inputs.*'],
  [/\bgithub\.event\b/, 'github.event.*'],
  [/\bgithub\.(head_ref|base_ref|ref|ref_name)\b/, 'a branch or tag name'],
  [/\bgithub\b(?!\s*\.)/, 'the whole github context'],
  [/\benv\b/, 'env.*'],
];

/** Variables the runner itself sets from the branch or tag that triggered the run. */
const RUNNER_REF_VARIABLES: Record<string, string> = {
  GITHUB_REF: 'a branch or tag name',
  GITHUB_REF_NAME: 'a branch or tag name',
  GITHUB_HEAD_REF: 'a branch or tag name',
  GITHUB_BASE_REF: 'a branch or tag name',
};

/** A line that emits a workflow command: `::name::` or `::name key=value,...::`. */
const WORKFLOW_COMMAND = /::[a-z][\w-]*(?:\s[^:\n]*)?::/;
const VARIABLE = /\$\{?([A-Za-z_]\w*)/g;
const ASSIGNMENT = /^\s*(?:(?:local|export|readonly|declare)\s+)?([A-Za-z_]\w*)=(.*)$/;

/** Which environment variables of a step hold a user-chosen value, and which kind. */
function taintedEnv(...envs: unknown[]): Map<string, string> {
  const tainted = new Map<string, string>(Object.entries(RUNNER_REF_VARIABLES));
  for (const env of envs) {
    for (const [name, value] of Object.entries(asNode(env))) {
      if (typeof value !== 'string') continue;
      const kind = expressions(value)
        .map((expression) => USER_CHOSEN.find(([pattern]) => pattern.test(normalise(expression))))
        .find((hit) => hit !== undefined);
      if (kind) tainted.set(name, kind[1]);
      else tainted.delete(name);
    }
  }
  return tainted;
}

function variablesIn(line: string): string[] {
  return [...line.matchAll(VARIABLE)].map((m) => m[1] ?? '');
}

export function findInputsInWorkflowCommands(file: YamlFile): string[] {
  const findings: string[] = [];
  for (const { id, job, steps } of jobsOf(file)) {
    steps.forEach((step, index) => {
      if (typeof step.run !== 'string') return;
      const name = String(step.name ?? step.id ?? `step ${index + 1}`);
      const tainted = taintedEnv(file.doc.env, job.env, step.env);
      // A shell variable computed from a tainted one is tainted too (in script order).
      for (const line of step.run.split('\n')) {
        const assignment = ASSIGNMENT.exec(line);
        if (assignment) {
          const source = variablesIn(assignment[2] ?? '').find((v) => tainted.has(v));
          if (source) tainted.set(assignment[1] ?? '', tainted.get(source) ?? '');
        }
        if (!WORKFLOW_COMMAND.test(line)) continue;
        for (const variable of new Set(variablesIn(line))) {
          const kind = tainted.get(variable);
          if (kind) {
            findings.push(
              `${file.path}: job ${id}, ${name}: a workflow command echoes $${variable} (${kind}); name the input instead of echoing its value`,
            );
          }
        }
      }
    });
  }
  return findings;
}
