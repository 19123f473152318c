import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createGitHubClient } from '@deploy-kit/github';
import { DeploymentLedger } from '@deploy-kit/ledger';
import { chooseRollback } from '@deploy-kit/engine';
import { startFakeGitHub, type FakeGitHub } from '../github-api';

const digest = (c: string) => `sha256:${c.repeat(64)}`;
const release = (version: string, c: string) => ({ image: `ghcr.io/acme/shop:${version}`, digest: digest(c), version });

/** The rollback destination, chosen from a real ledger over the local GitHub API. */
describe('chooseRollback', () => {
  let api: FakeGitHub;
  let ledger: DeploymentLedger;
  let env = 0;
  let environment: string;

  beforeAll(async () => {
    api = await startFakeGitHub();
    ledger = new DeploymentLedger(createGitHubClient('ghs_test', { baseUrl: api.url }), {
      owner: 'octo-org',
      repo: 'hello-world',
    });
  });
  beforeEach(() => {
    environment = `env-${++env}`;
  });
  afterAll(async () => {
    expect(api.validationErrors).toEqual([]);
    await api.stop();
  });

  const seed = (
    payload: Record<string, unknown>,
    states: ('success' | 'failure' | 'inactive' | 'in_progress')[],
    task = 'deploy',
  ) =>
    api.seed.deployment({
      environment,
      payload,
      states: ['in_progress', ...states.filter((s) => s !== 'in_progress')],
      task,
    });

  it('goes back from a failed deploy to the last success', async () => {
    const v1 = seed(release('v1', 'a'), ['success']);
    const v2 = seed(release('v2', 'b'), ['failure']);
    const choice = await chooseRollback(ledger, environment, undefined, 'app');
    expect({ to: choice.to.id, from: choice.from?.id, again: choice.alreadyRolledBack }).toEqual({
      to: v1.id,
      from: v2.id,
      again: false,
    });
  });

  it('goes back from a successful but bad deploy to the one it superseded (now inactive)', async () => {
    const v1 = seed(release('v1', 'a'), ['success', 'inactive']);
    const v2 = seed(release('v2', 'b'), ['success']);
    const choice = await chooseRollback(ledger, environment, undefined, 'app');
    expect({ to: choice.to.id, from: choice.from?.id }).toEqual({ to: v1.id, from: v2.id });
  });

  it('skips redeploys of the image being rolled back from', async () => {
    const v1 = seed(release('v1', 'a'), ['success', 'inactive']);
    seed(release('v2', 'b'), ['success', 'inactive']);
    const v2again = seed(release('v2', 'b'), ['success']);
    const choice = await chooseRollback(ledger, environment, undefined, 'app');
    expect({ to: choice.to.id, from: choice.from?.id }).toEqual({ to: v1.id, from: v2again.id });
  });

  it('treats a newest successful rollback as done, so a second run changes nothing', async () => {
    seed(release('v1', 'a'), ['success', 'inactive']);
    seed(release('v2', 'b'), ['failure']);
    const rollback = seed({ ...release('v1', 'a'), rolledBackFrom: { version: 'v2' } }, ['success'], 'rollback');
    const choice = await chooseRollback(ledger, environment, undefined, 'app');
    expect({ to: choice.to.id, from: choice.from, again: choice.alreadyRolledBack }).toEqual({
      to: rollback.id,
      from: undefined,
      again: true,
    });
  });

  it.each([['failure'], ['in_progress']] as const)(
    'retries a rollback that ended %s towards its own destination, never the release it rolled back from',
    async (state) => {
      const v1 = seed(release('v1', 'a'), ['success', 'inactive']);
      const v2 = seed(release('v2', 'b'), ['success']);
      seed(
        { ...release('v1', 'a'), rolledBackFrom: { version: 'v2', digest: digest('b'), deploymentId: v2.id } },
        [state],
        'rollback',
      );
      const choice = await chooseRollback(ledger, environment, undefined, 'app');
      expect({
        to: choice.to.id,
        digest: choice.to.payload.digest,
        from: choice.from?.id,
        again: choice.alreadyRolledBack,
      }).toEqual({ to: v1.id, digest: digest('a'), from: v2.id, again: false });
    },
  );

  it('retries a failed rollback named by digest only, and refuses one that names no other digest', async () => {
    const v1 = seed(release('v1', 'a'), ['success', 'inactive']);
    const v2 = seed(release('v2', 'b'), ['success']);
    seed({ ...release('v1', 'a'), rolledBackFrom: { version: 'v2', digest: digest('b') } }, ['failure'], 'rollback');
    const choice = await chooseRollback(ledger, environment, undefined, 'app');
    expect({ to: choice.to.id, from: choice.from?.id }).toEqual({ to: v1.id, from: v2.id });

    seed({ ...release('v2', 'b'), rolledBackFrom: { version: 'v2', digest: digest('b') } }, ['failure'], 'rollback');
    await expect(chooseRollback(ledger, environment, undefined, 'app')).rejects.toThrow(/pass "to" explicitly/);
  });

  it('goes to a named version or digest, only if it once succeeded', async () => {
    const v1 = seed(release('v1', 'a'), ['success', 'inactive']);
    seed(release('v2', 'b'), ['failure']);
    const v3 = seed(release('v3', 'c'), ['success']);
    expect((await chooseRollback(ledger, environment, 'v1', 'app')).to.id).toBe(v1.id);
    expect((await chooseRollback(ledger, environment, digest('a'), 'app')).to.id).toBe(v1.id);
    expect((await chooseRollback(ledger, environment, 'v1', 'app')).from?.id).toBe(v3.id);
    await expect(chooseRollback(ledger, environment, 'v2', 'app')).rejects.toThrow(
      `Cannot roll back "${environment}" to "v2"`,
    );
  });

  it('refuses when there is nothing to go back to', async () => {
    await expect(chooseRollback(ledger, environment, undefined, 'app')).rejects.toThrow(
      `no deployments of "${environment}" are recorded`,
    );
    seed(release('v1', 'a'), ['success']);
    await expect(chooseRollback(ledger, environment, undefined, 'app')).rejects.toThrow(
      /has no successful deployment of another image before #\d+ \(v1\)/,
    );
  });
});
