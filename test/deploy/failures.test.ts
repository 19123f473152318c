import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runBundledAction, leakedSecrets } from '../support/run-bundled-action';
import { healthInputs, startRealHost, visibleOutput, type RealHost } from './real-host';

/**
 * How deploy fails, on real components: a host that is not who it claims
 * to be, an SSH connection cut mid-deploy, GitHub API faults. Whatever
 * happens, the step fails loudly or succeeds truly, and the ledger never
 * keeps a deployment in progress.
 */
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
  const pendingStates = () =>
    host.api.state.deployments
      .map((d) => host.api.latestState(d.id))
      .filter((s) => s === 'in_progress' || s === 'pending' || s === 'queued');

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
      const result = await deploy(commandInputs('command-ran'));

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
      const result = await deploy(commandInputs('rate-limited'));

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
      const result = await deploy(commandInputs('lost-answer'));

      // The ledger finds the deployment GitHub created (by its one-time token) and deploys under it.
      expect(result.exitCode).toBe(0);
      const created = newDeployments(before);
      expect(created).toHaveLength(1);
      expect(host.api.latestState(created[0]!.id)).toBe('success');
      expect(result.log).toContain(`GitHub had created deployment ${created[0]!.id}; using it`);
      expect(result.outputs['deployment-id']).toBe(String(created[0]!.id));
      expect(readFileSync(`${host.projectDir}/lost-answer`, 'utf8')).toContain('production v1.0.0');
    });

    it('fails the step, with the reason, when statuses cannot be written at all', async () => {
      host.api.fault('POST', statuses, { type: 'status', status: 503 }, Infinity);
      const result = await deploy(commandInputs('no-statuses'));
      host.api.clearFaults();

      expect(result.exitCode).toBe(1);
      expect(result.log).toMatch(/::error::The GitHub Deployments API failed \(HTTP 503/);
    });

    afterAll(() => {
      // Never left in progress, whatever the faults, and every exchange matched GitHub's description.
      expect(pendingStates()).toEqual([]);
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
