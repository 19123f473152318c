import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { asNode, jobsOf, loadYaml, repoRoot, type YamlFile } from './files';

const OWN_ACTION = /^deploy-kit\/deploy-kit(?:\/([a-z0-9-]+))?@/;

/** Names of declared inputs, and which of them must be given (required, no default). */
function inputsOf(declared: unknown): { names: Set<string>; required: string[] } {
  const inputs = asNode(declared);
  const names = new Set(Object.keys(inputs));
  const required = Object.entries(inputs)
    .filter(([, spec]) => asNode(spec).required === true && asNode(spec).default === undefined)
    .map(([name]) => name);
  return { names, required };
}

function problemsOf(where: string, given: unknown, declared: unknown, what: string): string[] {
  const { names, required } = inputsOf(declared);
  const keys = Object.keys(asNode(given));
  return [
    ...keys.filter((key) => !names.has(key)).map((key) => `${where}: with.${key} is not an input of ${what}`),
    ...required
      .filter((name) => !keys.includes(name))
      .map((name) => `${where}: required input ${name} of ${what} is not given`),
  ];
}

/**
 * Every step that uses one of deploy-kit's own actions passes only inputs that
 * action declares (a misspelt key is silently ignored by the runner, with a
 * warning nobody reads) and every input it requires.
 */
export function findUnknownActionInputs(file: YamlFile, root = repoRoot): string[] {
  const findings: string[] = [];
  for (const { id, steps } of jobsOf(file)) {
    steps.forEach((step, index) => {
      const match = typeof step.uses === 'string' ? OWN_ACTION.exec(step.uses) : null;
      if (!match) return;
      const metadata = join(root, match[1] ?? '', 'action.yml');
      const where = `${file.path}: job ${id} step ${String(step.id ?? step.name ?? index + 1)}`;
      if (!existsSync(metadata)) {
        findings.push(`${where}: ${String(step.uses)} has no action.yml`);
        return;
      }
      findings.push(...problemsOf(where, step.with, loadYaml(metadata, root).doc.inputs, String(step.uses)));
    });
  }
  return findings;
}

/** Same for a job that calls a reusable workflow: its `with:` and `secrets:` against `on.workflow_call`. */
export function findUnknownWorkflowInputs(file: YamlFile, load: (uses: string) => YamlFile | undefined): string[] {
  const findings: string[] = [];
  for (const { id, job } of jobsOf(file)) {
    if (typeof job.uses !== 'string') continue;
    const called = load(job.uses);
    if (!called) continue;
    const on = asNode(called.doc.on ?? called.doc.true);
    const call = asNode(on.workflow_call);
    const where = `${file.path}: job ${id}`;
    findings.push(...problemsOf(where, job.with, call.inputs, called.path));
    if (job.secrets !== 'inherit') {
      const secrets = new Set(Object.keys(asNode(call.secrets)));
      for (const name of Object.keys(asNode(job.secrets)))
        if (!secrets.has(name)) findings.push(`${where}: secrets.${name} is not a secret of ${called.path}`);
    }
  }
  return findings;
}
