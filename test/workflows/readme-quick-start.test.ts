import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './checks/files';

// The README's quick start is what a new user copies: it must be the starter
// workflow the tests run (test/e2e/starter-workflows.test.ts), not a variant
// of it that drifts, and it must send them through the set-up the workflow needs.
const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const quickStart = readme.slice(
  readme.indexOf('## Quick start for your repository'),
  readme.indexOf('\n## ', readme.indexOf('## Quick start for your repository') + 1),
);

/** Every fenced ```yaml block of a Markdown text, as written. */
function yamlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((match) => match[1] as string);
}

describe("the README's quick start", () => {
  it('shows workflows-templates/deploy-on-release.yml exactly', () => {
    const starter = readFileSync(join(repoRoot, 'workflows-templates/deploy-on-release.yml'), 'utf8');
    expect(yamlBlocks(quickStart)).toContain(starter);
  });

  it('says to create the staging and production environments first, and links the full set-up', () => {
    expect(quickStart).toMatch(/create\s+`staging` and `production`/);
    expect(quickStart).toContain('](workflows-templates/README.md)');
  });

  it('says what the health endpoint answers and how the version reaches it', () => {
    expect(quickStart).toContain('{"status":"ok","version":"v1.2.0"}');
    expect(quickStart).toContain('`VERSION=<release tag>`');
    expect(quickStart).toContain('health-expect-version: true');
  });
});
