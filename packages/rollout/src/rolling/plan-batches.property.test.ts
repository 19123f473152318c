import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { batchSize, planBatches, type BatchSize } from './plan-batches';

const hostLists = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/), { minLength: 1, maxLength: 40 });
const batches: fc.Arbitrary<BatchSize> = fc.oneof(
  fc.integer({ min: 1, max: 50 }).map((hosts) => ({ kind: 'count', hosts }) as const),
  fc.integer({ min: 1, max: 100 }).map((percent) => ({ kind: 'percent', percent }) as const),
);

describe('planBatches, for any hosts and batch', () => {
  it('updates every host exactly once, in the order given', () => {
    fc.assert(
      fc.property(hostLists, batches, (hosts, batch) => {
        expect(planBatches(hosts, batch).flat()).toEqual(hosts);
      }),
    );
  });

  it('makes every batch the planned size but the last, which is never larger', () => {
    fc.assert(
      fc.property(hostLists, batches, (hosts, batch) => {
        const size = batchSize(hosts.length, batch);
        const planned = planBatches(hosts, batch);
        expect(planned.slice(0, -1).every((b) => b.length === size)).toBe(true);
        expect(planned.at(-1)!.length).toBeGreaterThanOrEqual(1);
        expect(planned.at(-1)!.length).toBeLessThanOrEqual(size);
      }),
    );
  });

  it('never makes a percentage batch smaller than asked, nor a whole host larger', () => {
    fc.assert(
      fc.property(hostLists, fc.integer({ min: 1, max: 100 }), (hosts, percent) => {
        const size = batchSize(hosts.length, { kind: 'percent', percent });
        expect(size).toBeGreaterThanOrEqual(1);
        expect(size * 100).toBeGreaterThanOrEqual(hosts.length * percent);
        expect((size - 1) * 100).toBeLessThan(Math.max(hosts.length * percent, 100));
      }),
    );
  });
});
