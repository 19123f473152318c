import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { NoOperationTraceWriter, convertWorkflowTemplate, parseWorkflow } from '@actions/workflow-parser';
import type { parseAction } from '@actions/workflow-parser/actions/action-parser';
import { repoRoot } from './files';

/*
 * GitHub's own parser, @actions/workflow-parser, imports its JSON schemas
 * without import attributes: plain Node 20 refuses that
 * (ERR_IMPORT_ASSERTION_TYPE_MISSING), and Jest's ESM loader accepts it only
 * with a deprecation notice saying it will stop. So the tests never import the
 * package directly: it is bundled with ncc (the bundler dist/ is built with),
 * which inlines the schemas, into a temporary folder, and the bundle is loaded.
 */

export interface GitHubParser {
  NoOperationTraceWriter: typeof NoOperationTraceWriter;
  parseWorkflow: typeof parseWorkflow;
  convertWorkflowTemplate: typeof convertWorkflowTemplate;
  parseAction: typeof parseAction;
}

let loading: Promise<GitHubParser> | undefined;

/** The parser, bundled once per test file; the temporary folder is removed once loaded. */
export function loadGitHubParser(): Promise<GitHubParser> {
  loading ??= bundleAndLoad();
  return loading;
}

async function bundleAndLoad(): Promise<GitHubParser> {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-kit-workflow-parser-'));
  try {
    const pkg = join(repoRoot, 'node_modules/@actions/workflow-parser/dist');
    const entry = join(dir, 'entry.mjs');
    writeFileSync(
      entry,
      [
        `export { NoOperationTraceWriter, parseWorkflow, convertWorkflowTemplate } from ${JSON.stringify(join(pkg, 'index.js'))};`,
        `export { parseAction } from ${JSON.stringify(join(pkg, 'actions/action-parser.js'))};`,
      ].join('\n'),
    );
    const out = join(dir, 'out');
    const ncc = join(repoRoot, 'node_modules/@vercel/ncc/dist/ncc/cli.js');
    execFileSync(process.execPath, [ncc, 'build', entry, '-o', out, '-q', '--target', 'es2022'], {
      cwd: repoRoot,
      stdio: 'pipe',
      timeout: 180_000,
    });
    const bundle = readdirSync(out).find((name) => /^index\.m?js$/.test(name));
    if (!bundle || !existsSync(join(out, bundle))) throw new Error(`ncc produced no bundle in ${out}`);
    return (await import(pathToFileURL(join(out, bundle)).href)) as GitHubParser;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
