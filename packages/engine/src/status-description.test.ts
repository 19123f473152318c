import { describe, expect, it } from '@jest/globals';
import { UserError } from '@deploy-kit/action-kit';
import type { HostsRolloutReport } from '@deploy-kit/targets';
import { failureDescription, successDescription } from './status-description';

const at = Date.UTC(2026, 10, 30, 7);
const host = (name: string, batch: number) => ({
  status: 'updated' as const,
  host: name,
  batch,
  startedAt: at,
  finishedAt: at + 1000,
});
const completed = (names: string[]): HostsRolloutReport => ({
  strategy: 'rolling',
  outcome: 'completed',
  hosts: names.map((name, i) => host(name, i + 1)),
  startedAt: at,
  finishedAt: at,
});

describe('the final status description of a rollout over several hosts', () => {
  it('says the release is live and how each host ended', () => {
    expect(successDescription('Deploy v2', completed(['a', 'b', 'c']))).toBe('Deploy v2: live; rolling a:ok b:ok c:ok');
    expect(successDescription('Deploy v2', undefined)).toBe('Deploy v2: live');
  });

  it('fits 140 characters with many hosts, saying how many it counted instead of naming', () => {
    const names = Array.from({ length: 40 }, (_, i) => `web-${String(i).padStart(2, '0')}.shop.example.com`);
    const text = successDescription('Deploy v2.10.3', completed(names));
    expect(text).toBe('Deploy v2.10.3: live; rolling 40 hosts: 40 ok');
  });

  it('on failure puts each host before the error, and cuts the error visibly', () => {
    const report: HostsRolloutReport = {
      strategy: 'rolling',
      outcome: 'rolled-back',
      reason: 'c: health failed',
      hosts: [
        { ...host('a', 1), status: 'rolled-back', revert: { kind: 'reverted', startedAt: at, finishedAt: at } },
        {
          ...host('c', 2),
          status: 'failed',
          phase: 'health',
          error: 'down',
          revert: { kind: 'reverted', startedAt: at, finishedAt: at },
        },
      ],
      startedAt: at,
      finishedAt: at,
    };
    const error = new UserError(`The rollout stopped at batch 2 of 2 (c: health failed: ${'x'.repeat(200)})\nmore`);
    const text = failureDescription(error, report)!;
    expect(text.startsWith('rolling a:back c:health-failed; The rollout stopped at batch 2 of 2 (c: health')).toBe(
      true,
    );
    expect([...text]).toHaveLength(140);
    expect(text.endsWith('x…')).toBe(true);
    // A deploy without steps keeps the ledger's own: the error's first line.
    expect(failureDescription(error, undefined)).toBeUndefined();
  });
});
