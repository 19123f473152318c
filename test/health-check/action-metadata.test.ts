import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ASSERTION_FORMS, NOT_READY_STATUSES } from '@deploy-kit/health';
import { readActionMetadata, repoRoot, tableRow } from '../support/action-docs';

// What every action shares is in test/actions/metadata.test.ts; this is health-check's own.
describe('health-check/action.yml and README', () => {
  const metadata = readActionMetadata('health-check');
  const readme = readFileSync(join(repoRoot, 'health-check/README.md'), 'utf8');

  it('requires url, and shows each default in the README as action.yml gives it', () => {
    expect(metadata.inputs.url?.required).toBe(true);
    for (const [name, input] of Object.entries(metadata.inputs)) {
      const shown = tableRow(readme, name)[1];
      if (input.required) expect([name, shown]).toEqual([name, '(required)']);
      else if (input.default) expect([name, shown]).toEqual([name, `\`${String(input.default)}\``]);
    }
  });

  it('documents every assertion form the parser accepts, and the statuses read as not ready', () => {
    const forms = ASSERTION_FORMS.split(/, | or /);
    expect(forms).toHaveLength(4);
    for (const form of forms) expect(readme).toContain(`| \`${form}\``);
    const notReady = [...NOT_READY_STATUSES].join(', ').replace(/, (\d+)$/, ' or $1');
    expect(readme).toContain(`status ${notReady}`);
  });
});
