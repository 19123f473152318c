import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runBundledAction, leakedSecrets, type BundledActionRun } from '../support/run-bundled-action';
import { healthInputs, startRealHost, visibleOutput, type RealHost } from './real-host';

/**
 * How deploy fails, on real components: a host that is not who it claims
 * to be, an SSH connection cut mid-deploy, GitHub API faults. Whatever
 * happens, the step fails loudly or succeeds truly, and every deployment a
 * run created ends with a final status in GitHub; the only exception is a
 * GitHub that never takes one, and then the run fails and names it.
 */
/** The states that end a deployment, as GitHub shows them. */
const FINAL_STATES: readonly string[] = ['success', 'failure', 'error', 'inactive'];

describe('deploy failures on a real host', () => {
  let host: RealHost;

  beforeAll(async () => {
    host = await startRealHost({ images: [{ version: 'v1.0.0' }] });
  }, 300_000);
  afterAll(async () => {
    await host?.stop();
  }, 120_000);

  const deploy = (inputs: Record<string, string>, timeoutMs = 180_000) =>
    runBundledAction('deploy', {
      inputs: { ...host.sshInputs(), environment: 'production', image: host.images['v1.0.0']!.image, ...inputs },
      env: host.env(),
      timeoutMs,
    });
  const newDeployments = (before: number) => host.api.state.deployments.filter((d) => d.id > before);
  const lastId = () => Math.max(0, ...host.api.state.deployments.map((d) => d.id));
  /** Every deployment a run created, and what its log and summary said, for the afterAll check. */
  const runs: { created: number[]; result: BundledActionRun }[] = [];
  const deployRecorded = async (inputs: Record<string, string>) => {
    const before = lastId();
    const result = await deploy(inputs);
    runs.push({ created: newDeployments(before).map((d) => d.id), result });
    return result;
  };

  it('refuses a host whose key differs from ssh-known-hosts: clear error, nothing recorded', async () => {
    const writes = host.api.writes().length;
    const impostor = host.sshd.knownHosts.replace(
      /ssh-ed25519 \S+/,
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl',
    );
    const result = await deploy({ 'ssh-known-hosts': impostor });

    expect(result.exitCode).toBe(1);
    expect(result.log).toMatch(/::error::SSH host key verification failed for root@127\.0\.0\.1:\d+/);
    expect(host.api.writes()).toHaveLength(writes);
    expect(result.summary).toContain('Stopped before anything was deployed or recorded.');
    expect(result.summary).toContain('| Version | v1.0.0 |');
  });

  it('ends as failure in the ledger when the SSH connection is cut during a slow remote step', async () => {
    const before = lastId();
    // A duration unique to this run, so its remote process can be found (and ended) by pid.
    const pause = `40.${Date.now() % 100_000}`;
    const findPause = async () => (await host.sshd.exec(`pgrep -f "slee[p] ${pause}" || true`)).stdout.trim();
    const running = deploy({ 'compose-command': `sleep ${pause} && docker compose` });
    try {
      await waitFor(async () => (await findPause()) !== '');
      // The in_progress status is sent in the background, spaced a second after the creation.
      await waitFor(async () => newDeployments(before).some((d) => host.api.latestState(d.id) === 'in_progress'));
      expect(newDeployments(before).map((d) => host.api.latestState(d.id))).toEqual(['in_progress']);
      host.sshd.dropConnections();
    } finally {
      const result = await running;
      for (const pid of (await findPause()).split('\n').filter(Boolean)) process.kill(Number(pid), 'SIGTERM');
      expect(result.exitCode).toBe(1);
      expect(result.log).toMatch(/::error::The SSH connection to root@127\.0\.0\.1:\d+ failed/);
      const [cut] = newDeployments(before);
      expect(host.api.latestState(cut!.id)).toBe('failure');
      expect(result.outputs['deployment-id']).toBe(String(cut!.id));
    }
    // The .env change was put back, so a manual `docker compose up` still runs what ran before.
    expect(readFileSync(`${host.projectDir}/.env`, 'utf8')).not.toContain(host.images['v1.0.0']!.digest);
  });

  it('gives the host no docker login with the github-token: this registry is not ghcr.io', async () => {
    const result = await deploy({});
    expect(result.exitCode).toBe(0);
    expect(result.log).toContain('docker compose pull');
    expect(result.log).not.toContain('docker login');
  });

  it('logs the host in with registry-password, unless registry-login is false', async () => {
    const loggedIn = await deploy({ 'registry-password': 'registry-secret' });
    expect(loggedIn.exitCode).toBe(0);
    expect(loggedIn.log).toContain(`docker login ${host.registry.localhost}`);

    const result = await deploy({ 'registry-password': 'registry-secret', 'registry-login': 'false' });
    expect(result.exitCode).toBe(0);
    expect(result.log).toContain('docker compose pull');
    expect(result.log).not.toContain('docker login');
  });

  describe('GitHub API faults (command target, so only the API varies)', () => {
    const commandInputs = (marker: string) => ({
      target: 'command',
      command: `echo "$DEPLOY_ENVIRONMENT $DEPLOY_VERSION $DEPLOY_IMAGE_REF" > ${host.projectDir}/${marker}`,
    });
    const statuses = '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses';

    it('passes DEPLOY_* to the script and survives 502s on status writes by retrying them', async () => {
      const before = lastId();
      host.api.fault('POST', statuses, { type: 'status', status: 502 }, 2);
      const result = await deployRecorded(commandInputs('command-ran'));

      expect(result.exitCode).toBe(0);
      const v1 = host.images['v1.0.0']!;
      expect(readFileSync(`${host.projectDir}/command-ran`, 'utf8')).toBe(
        `production v1.0.0 ${host.registry.localhost}/acme/shop@${v1.digest}\n`,
      );
      const created = newDeployments(before);
      expect(created).toHaveLength(1);
      expect(host.api.latestState(created[0]!.id)).toBe('success');
    });

    it('waits out a secondary rate limit on reading the ledger', async () => {
      const before = lastId();
      host.api.fault(
        'GET',
        '/repos/{owner}/{repo}/deployments',
        { type: 'secondary-rate-limit', retryAfterSeconds: 1 },
        1,
      );
      const result = await deployRecorded(commandInputs('rate-limited'));

      expect(result.exitCode).toBe(0);
      expect(newDeployments(before).map((d) => host.api.latestState(d.id))).toEqual(['success']);
    });

    it('reuses the deployment GitHub created when the answer to creating it is lost, and succeeds', async () => {
      const before = lastId();
      host.api.fault(
        'POST',
        '/repos/{owner}/{repo}/deployments',
        { type: 'status', status: 500, afterApplying: true },
        1,
      );
      const result = await deployRecorded(commandInputs('lost-answer'));

      // The ledger finds the deployment GitHub created (by its one-time token) and deploys under it.
      expect(result.exitCode).toBe(0);
      const created = newDeployments(before);
      expect(created).toHaveLength(1);
      expect(host.api.latestState(created[0]!.id)).toBe('success');
      expect(result.log).toContain(`GitHub had created deployment ${created[0]!.id}; using it`);
      expect(result.outputs['deployment-id']).toBe(String(created[0]!.id));
      expect(readFileSync(`${host.projectDir}/lost-answer`, 'utf8')).toContain('production v1.0.0');
    });

    it('still gives the deployment its final status when status writes fail for longer than one write is retried', async () => {
      // Eight 503s in a row: more than a status write's own retries, and more than the in_progress
      // write and the outcome each retried as a client would (4 + 4), but a passing outage.
      host.api.fault('POST', statuses, { type: 'status', status: 503 }, 8);
      const result = await deployRecorded(commandInputs('long-outage'));
      host.api.clearFaults();

      expect(result.exitCode).toBe(0);
      const [created] = runs.at(-1)!.created;
      expect(host.api.latestState(created!)).toBe('success');
    });

    it('fails the step and names the deployment left without a final status when GitHub never takes one', async () => {
      host.api.fault('POST', statuses, { type: 'status', status: 503 }, Infinity);
      const result = await deployRecorded(commandInputs('no-statuses'));
      host.api.clearFaults();

      expect(result.exitCode).toBe(1);
      const [created] = runs.at(-1)!.created;
      expect(host.api.latestState(created!)).toBeUndefined();
      expect(result.log).toContain(
        `::error::The deploy itself finished. Deployment #${created} was left without a final status`,
      );
      expect(result.log).toMatch(/GitHub did not accept "success" \(HTTP 503/);
      expect(result.summary).toContain(`Deployment #${created} was left without a final status`);
      expect(result.outputs['deployment-id']).toBe(String(created));
    });

    afterAll(() => {
      // What a user checks in GitHub after each of these runs: every deployment the run created has
      // an outcome, or the run failed and said which one has none (a GitHub that never took it).
      const unaccounted = runs.flatMap(({ created, result }) =>
        created
          .filter((id) => !FINAL_STATES.includes(host.api.latestState(id) as string))
          .filter(
            (id) =>
              !(
                result.exitCode !== 0 &&
                result.log.includes(`::error::`) &&
                result.log.includes(`Deployment #${id} was left without a final status`) &&
                result.summary.includes(`Deployment #${id} was left without a final status`)
              ),
          )
          .map((id) => `deployment ${id}: ${host.api.latestState(id) ?? 'no status at all'}`),
      );
      expect(runs.flatMap((run) => run.created)).toHaveLength(5);
      expect(unaccounted).toEqual([]);
      expect(host.api.validationErrors).toEqual([]);
    });
  });

  it('never prints the SSH key or the token', async () => {
    const result = await deploy({ ...healthInputs(host, 'v1.0.0'), 'ssh-port': '1' }, 60_000);
    expect(result.exitCode).toBe(1);
    expect(result.log).toMatch(/::error::Cannot connect to root@127\.0\.0\.1:1: connection refused/);
    expect(leakedSecrets(visibleOutput(result), [host.sshd.privateKey, host.token])).toEqual([]);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs / 1000}s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
