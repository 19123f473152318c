import { describe, expect, it } from '@jest/globals';
import { readActionMetadata } from '../support/action-docs';

// What every action shares is in test/actions/metadata.test.ts; this is the root action's own.
describe('action.yml (the one-step action)', () => {
  const root = readActionMetadata('');
  const deploy = readActionMetadata('deploy');

  it("takes every input of the deploy action under the same name, with deploy's default", () => {
    for (const [name, input] of Object.entries(deploy.inputs)) {
      expect({ name, declared: name in root.inputs }).toEqual({ name, declared: true });
      expect({ name, default: String(root.inputs[name]?.default) }).toEqual({ name, default: String(input.default) });
    }
  });
});
