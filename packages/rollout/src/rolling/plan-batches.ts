/** How many hosts one batch updates: a count (`batch: 1`) or a share of the hosts (`batch: 34%`). */
export type BatchSize = { kind: 'count'; hosts: number } | { kind: 'percent'; percent: number };

/**
 * The hosts in batches, in the order given. A percentage is of all hosts, rounded up, and at
 * least 1: 34% of 3 hosts is 1.02, so batches of 2 (then 1); 10% of 3 is 0.3, so 1. Rounding
 * up means a batch is never smaller than asked. A count larger than the hosts is one batch.
 */
export function planBatches(hosts: readonly string[], batch: BatchSize): string[][] {
  const size = batchSize(hosts.length, batch);
  const batches: string[][] = [];
  for (let i = 0; i < hosts.length; i += size) batches.push(hosts.slice(i, i + size));
  return batches;
}

export function batchSize(hostCount: number, batch: BatchSize): number {
  const wanted = batch.kind === 'count' ? batch.hosts : Math.ceil((hostCount * batch.percent) / 100);
  return Math.max(1, wanted);
}
