import { describe, expect, it } from '@jest/globals';
import { evaluateCondition, interpolate, interpolateString, type Contexts } from './expressions';

const contexts: Contexts = {
  github: {
    event: { release: { prerelease: true, tag_name: 'v1.0.0-beta.1' } },
    event_name: 'release',
    token: 'ghs_x',
  },
  inputs: { force: false, 'ssh-port': 22, image: '' },
  needs: { plan: { result: 'success', outputs: { environment: 'staging' } } },
  steps: { deploy: { outcome: 'failure', conclusion: 'success', outputs: { healthy: 'false' } } },
};
const ok = { success: true, failure: false, cancelled: false };
const failed = { success: false, failure: true, cancelled: false };

describe('interpolate', () => {
  it.each([
    ['${{ github.event.release.tag_name }}', 'v1.0.0-beta.1'],
    ['deploy-kit-${{ needs.plan.outputs.environment }}', 'deploy-kit-staging'],
    ["${{ github.event.release.prerelease && 'staging' || 'production' }}", 'staging'],
    ['${{ inputs.ssh-port }}', '22'],
    ["${{ format('{0}:{1}', 'img', github.event.release.tag_name) }}", 'img:v1.0.0-beta.1'],
    ["${{ inputs.image || 'ghcr.io/octo/app' }}", 'ghcr.io/octo/app'],
    ["a }} b ${{ '}}' }} c", 'a }} b }} c'],
    ['${{ needs.missing.outputs.x }}', ''],
    ['${{ contains(fromJSON(\'["a","b"]\'), \'b\') }}', 'true'],
  ])('%s -> %s', (template, expected) => {
    expect(interpolateString(template, contexts)).toBe(expected);
  });

  it('keeps the type of a value that is one whole expression', () => {
    expect(interpolate('${{ inputs.ssh-port }}', contexts)).toBe(22);
    expect(interpolate('${{ inputs.force }}', contexts)).toBe(false);
    expect(interpolate('${{ needs.plan.outputs }}', contexts)).toEqual({ environment: 'staging' });
  });

  it('names the expression it cannot evaluate', () => {
    expect(() => interpolateString('${{ github.event.( }}', contexts)).toThrow(
      /Cannot evaluate \$\{\{ github\.event\.\( \}\}/,
    );
    expect(() => interpolateString('${{ nope.x }}', contexts)).toThrow(/Cannot evaluate/);
  });
});

describe('evaluateCondition', () => {
  it('adds success() when the condition has no status function, as the runner does', () => {
    expect(evaluateCondition("steps.deploy.outcome == 'failure'", contexts, ok)).toBe(true);
    expect(evaluateCondition("steps.deploy.outcome == 'failure'", contexts, failed)).toBe(false);
  });

  it('honours status functions', () => {
    expect(evaluateCondition('always()', contexts, failed)).toBe(true);
    expect(evaluateCondition('failure()', contexts, failed)).toBe(true);
    expect(evaluateCondition('failure()', contexts, ok)).toBe(false);
    expect(evaluateCondition('${{ !cancelled() }}', contexts, failed)).toBe(true);
    expect(evaluateCondition("failure() && steps.deploy.outputs.healthy == 'false'", contexts, failed)).toBe(true);
  });

  it('treats no condition as success() and accepts ${{ }} around the whole condition', () => {
    expect(evaluateCondition(undefined, contexts, ok)).toBe(true);
    expect(evaluateCondition(undefined, contexts, failed)).toBe(false);
    expect(evaluateCondition('${{ inputs.force }}', contexts, ok)).toBe(false);
    expect(evaluateCondition(true, contexts, failed)).toBe(false);
  });
});
