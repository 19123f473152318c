import { describe, expect, it } from '@jest/globals';
import type { StepAnalysis } from '@deploy-kit/rollout';
import { canaryStepLine } from './step-line';

describe('canaryStepLine', () => {
  it('names the weight, the step and the verdict in the step table’s words', () => {
    const ok: StepAnalysis = { kind: 'success', decision: 'continue', measurements: [], failures: 0 };
    expect(canaryStepLine('app1', { index: 2, weight: 50 }, 3, ok)).toBe(
      'canary app1: 50% (step 2 of 3), analysis passed',
    );
    const bad: StepAnalysis = {
      kind: 'failure',
      decision: 'abort',
      measurements: [],
      failures: 1,
      reason: 'error-ratio',
    };
    expect(canaryStepLine('namespace shop', { index: 1, weight: 10 }, 3, bad)).toBe(
      'canary namespace shop: 10% (step 1 of 3), analysis failed',
    );
    const none: StepAnalysis = {
      kind: 'inconclusive',
      decision: 'abort',
      measurements: [],
      failures: 0,
      reason: 'no data',
    };
    expect(canaryStepLine('app1', { index: 1, weight: 10 }, 2, none)).toBe(
      'canary app1: 10% (step 1 of 2), analysis inconclusive, aborted',
    );
  });
});
