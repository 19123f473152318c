import { describe, expect, it } from '@jest/globals';
import { nextWait, parseBackoff, type WaitPlan } from './backoff';

const plan = (backoff: string, intervalMs = 1000, maxIntervalMs = 5000): WaitPlan => ({
  intervalMs,
  maxIntervalMs,
  backoff: parseBackoff(backoff)!,
});
const middle = () => 0.5; // no jitter
const waits = (p: WaitPlan, random = middle) => [1, 2, 3, 4, 5, 6].map((k) => nextWait(k, p, random));

describe('backoff', () => {
  it('accepts the documented forms only', () => {
    expect(parseBackoff('exponential')).toEqual({ kind: 'exponential', factor: 1.5 });
    expect(parseBackoff('Exponential:2')).toEqual({ kind: 'exponential', factor: 2 });
    expect(parseBackoff('exponential x3')).toEqual({ kind: 'exponential', factor: 3 });
    expect(parseBackoff('linear')).toEqual({ kind: 'linear' });
    expect(parseBackoff('none')).toEqual({ kind: 'constant' });
    for (const bad of ['fast', 'exponential:1', 'exponential:0.5', 'exponential:11', 'random']) {
      expect(parseBackoff(bad)).toBeUndefined();
    }
  });

  it('grows x1.5 by default and stops at max-interval', () => {
    expect(waits(plan('exponential'))).toEqual([1000, 1500, 2250, 3375, 5000, 5000]);
  });

  it('grows by steps of the interval when linear', () => {
    expect(waits(plan('linear'))).toEqual([1000, 2000, 3000, 4000, 5000, 5000]);
  });

  it('stays at the interval, without jitter, when constant', () => {
    expect(waits(plan('constant'), () => 0)).toEqual([1000, 1000, 1000, 1000, 1000, 1000]);
  });

  it('jitters by at most 20% and never past max-interval', () => {
    expect(waits(plan('exponential'), () => 0)).toEqual([800, 1200, 1800, 2700, 4000, 4000]);
    expect(waits(plan('exponential'), () => 0.9999)).toEqual([1200, 1800, 2700, 4050, 5000, 5000]);
  });

  it('waits the plain interval after a pass, and never less than the interval as a cap', () => {
    expect(nextWait(0, plan('exponential'), () => 0)).toBe(1000);
    expect(nextWait(3, plan('exponential', 10_000, 2000), middle)).toBe(10_000);
  });
});
