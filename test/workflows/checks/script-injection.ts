import { asNode, jobsOf, type YamlFile } from './files';

/**
 * Data an attacker can shape (a release name, a branch name, a dispatch input,
 * or anything computed from them and passed on through outputs or env), which
 * must never be pasted into a script by `${{ }}`: it would run as shell code.
 * Scripts read such values from environment variables instead.
 */
const UNTRUSTED: readonly [RegExp, string][] = [
  [/\bgithub\.event\b/, 'github.event.*'],
  [/\bgithub\.(head_ref|ref|ref_name)\b/, 'a branch or tag name from the github context'],
  [/\bgithub\b(?!\s*\.)/, 'the whole github context'],
  [/\binputs\b/, 'inputs.*'],
  [/\b(needs|steps)\b/, 'outputs of other jobs or steps'],
  [/\benv\b/, 'env.*'],
];

/** `a['b']` and `a["b"]` read the same data as `a.b`. */
export function normalise(expression: string): string {
  return expression.replace(/\[\s*(['"])([\w-]+)\1\s*\]/g, '.$2').replace(/\s*\.\s*/g, '.');
}

export function expressions(text: string): string[] {
  return [...text.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map((m) => (m[1] ?? '').trim());
}

export function findScriptInjection(file: YamlFile): string[] {
  const findings: string[] = [];
  for (const { id, steps } of jobsOf(file)) {
    steps.forEach((step, index) => {
      const name = String(step.name ?? step.id ?? `step ${index + 1}`);
      const scripts: [string, unknown][] = [['run', step.run]];
      // actions/github-script runs its `script` input as JavaScript: the same hazard.
      if (String(step.uses ?? '').startsWith('actions/github-script@'))
        scripts.push(['with.script', asNode(step.with).script]);
      for (const [where, script] of scripts) {
        if (typeof script !== 'string') continue;
        for (const expression of expressions(script)) {
          const hit = UNTRUSTED.find(([pattern]) => pattern.test(normalise(expression)));
          if (hit) {
            findings.push(
              `${file.path}: job ${id}, ${name}: ${where} contains \${{ ${expression} }} (${hit[1]}); pass it through env: instead`,
            );
          }
        }
      }
    });
  }
  return findings;
}
