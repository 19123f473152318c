// docs/rollouts.md shows each strategy with a complete configuration file: every example that
// starts `# .github/deploy-kit.yml` must load as written, with the strategy its section is about.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig, problemsLine } from '@deploy-kit/model';

const docs = readFileSync(join(import.meta.dirname, '../../docs/rollouts.md'), 'utf8');

/** Each complete example: the YAML blocks that say they are the config file. */
const examples = [...docs.matchAll(/```yaml\n(# \.github\/deploy-kit\.yml\n[\s\S]*?)```/g)].map((match) => match[1]!);

describe('docs/rollouts.md', () => {
  it('has a complete configuration file for blue-green, canary and rolling', () => {
    const kinds = examples.map((text) => /^ {6}kind: ([a-z-]+)/m.exec(text.split('strategy:')[1] ?? '')?.[1]);
    expect(kinds).toEqual(['blue-green', 'canary', 'rolling']);
  });

  it.each(examples.map((text, i) => ({ n: i + 1, text })))('example $n loads as written', ({ text }) => {
    const result = parseConfig(text, { file: '.github/deploy-kit.yml', repository: 'acme/shop' });
    if (result.kind !== 'ok') throw new Error(result.kind === 'invalid' ? problemsLine(result.problems) : result.kind);
    const [environment] = result.config.environments;
    expect(environment?.strategy?.kind).toMatch(/^(blue-green|canary|rolling)$/);
  });
});
