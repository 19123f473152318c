import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Masker, runWorkflow } from '@deploy-kit/local-runner';
import examples from '@octokit/webhooks-examples';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { healthInputs, startRealHost, visibleOutput, type RealHost } from '../deploy/real-host';
import { startReceiver, type Receiver } from '../notify/support/receiver';
import { leakedSecrets, runBundledAction, type BundledActionRun } from '../support/run-bundled-action';
import { fetchText } from '../targets/compose-project';

const root = join(import.meta.dirname, '../..');

/** GitHub's own `release` `released` example payload, for a release tagged `tag`. */
function releasedPayload(tag: string): Record<string, unknown> {
  const release = (examples as unknown as { name: string; examples: Record<string, unknown>[] }[]).find(
    (event) => event.name === 'release',
  );
  const payload = release?.examples.find((example) => example['action'] === 'released');
  if (!payload) throw new Error('@octokit/webhooks-examples has no release.released example');
  const copy = structuredClone(payload);
  (copy['release'] as Record<string, unknown>)['tag_name'] = tag;
  return copy;
}

interface WebhookMessage {
  status: string;
  environment: string | null;
  version: string | null;
  message: string | null;
}

/**
 * The one-step action (`uses: deploy-kit/deploy-kit@v1`) run as the runner
 * runs it, on real components: a registry holding the app images, an SSH
 * host whose compose project runs on Podman, the local GitHub API (every
 * request validated against GitHub's description) and a webhook receiver.
 * The runs build on each other: v1 goes live, v2 is unhealthy and rolled
 * back to v1, a prerelease is refused by the checks.
 */
describe('the one-step pipeline action on a real SSH + compose host', () => {
  let host: RealHost;
  let receiver: Receiver;
  const hookPath = `/hooks/${randomBytes(12).toString('hex')}`;
  const webhookSecret = `whsec_${randomBytes(12).toString('hex')}`;
  const runs: BundledActionRun[] = [];
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    [host, receiver] = await Promise.all([
      startRealHost({
        images: [
          { version: 'v1.0.0' },
          { version: 'v2.0.0', health: 'unhealthy' },
          // A second broken release for the consumer workflow: v2.0.0 failed here already, and
          // pre-deploy checks refuse an image that failed on the environment.
          { version: 'v2.0.1', health: 'unhealthy' },
        ],
      }),
      // A path with /broken/ stands for a receiver that is down.
      startReceiver((request) =>
        request.path.includes('/broken/') ? { status: 500, body: 'internal error' } : { status: 200, body: 'ok' },
      ),
    ]);
    host.api.seed.environment('production', { protectionRules: [{ type: 'required_reviewers' }] });
  }, 300_000);
  afterAll(async () => {
    await Promise.all([host?.stop(), receiver?.stop()]);
  }, 120_000);

  const webhookUrl = () => receiver.url(hookPath);
  const pipeline = async (inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) => {
    const result = await runBundledAction('pipeline', {
      inputs: {
        ...host.sshInputs(),
        environment: 'production',
        'environment-url': 'https://shop.example.com',
        'webhook-url': webhookUrl(),
        'webhook-secret': webhookSecret,
        ...inputs,
      },
      env: { ...host.env(), ...env },
      timeoutMs: 240_000,
    });
    runs.push(result);
    return result;
  };
  const deployments = () => [...host.api.state.deployments].sort((a, b) => a.id - b.id);
  const messages = (): WebhookMessage[] => receiver.requests.map((r) => JSON.parse(r.body) as WebhookMessage);
  const appVersion = () => fetchText(`http://127.0.0.1:${host.appPort}/`);

  it('deploys a healthy v1: result deployed, ledger success, started + success messages, a stage-by-stage summary', async () => {
    const v1 = host.images['v1.0.0']!;
    const result = await pipeline({ image: v1.image, 'notify-started': 'true', ...healthInputs(host, 'v1.0.0') });

    // The later runs build on this one: if it fails, its log is what says why (seen once, with
    // two full runs side by side, with nothing printed).
    if (result.exitCode !== 0) console.error(visibleOutput(result));
    expect(result.exitCode).toBe(0);
    expect(await appVersion()).toBe('v1.0.0');
    const [deployment] = deployments();
    ids.v1 = deployment!.id;
    expect(deployment).toMatchObject({
      task: 'deploy',
      environment: 'production',
      payload: { digest: v1.digest, version: 'v1.0.0' },
    });
    expect(host.api.latestState(ids.v1)).toBe('success');
    expect(result.outputs).toMatchObject({
      result: 'deployed',
      'failed-stage': '',
      'deployment-id': String(ids.v1),
      'image-ref': `${host.registry.localhost}/acme/shop@${v1.digest}`,
      digest: v1.digest,
      version: 'v1.0.0',
      'previous-version': '',
      healthy: 'true',
      'rollback-deployment-id': '',
      'check-failures': '[]',
      notified: 'webhook',
    });
    expect(messages()).toEqual([
      expect.objectContaining({ status: 'started', environment: 'production', version: 'v1.0.0' }),
      expect.objectContaining({ status: 'success', environment: 'production', version: 'v1.0.0' }),
    ]);
    expect(result.summary).toContain('Deploy pipeline: v1.0.0 to production');
    expect(result.summary).toMatch(/\| Pre-deploy checks \| ✅ passed \|/);
    expect(result.summary).toMatch(/\| Deploy \| ✅ live \| v1\.0\.0 \(sha256:[a-f0-9]+\) as deployment #\d+ \|/);
    expect(result.summary).toMatch(/\| Health check \| ✅ healthy \|/);
    expect(result.summary).toMatch(/\| Rollback \| ⏭️ not needed \|/);
    expect(result.summary).toMatch(/\| Notify \(started\) \| ✅ delivered \| webhook \|/);
    expect(result.summary).toMatch(/\| Notify \(success\) \| ✅ delivered \| webhook \|/);
  });

  it('rolls an unhealthy v2 back to v1: the step fails, result rolled-back, the ledger shows failure + rollback', async () => {
    const [v1, v2] = [host.images['v1.0.0']!, host.images['v2.0.0']!];
    const before = messages().length;
    const result = await pipeline({ image: v2.image, ...healthInputs(host, 'v2.0.0') });

    expect(result.exitCode).not.toBe(0);
    // v1's exact digest serves again, healthy.
    expect(await appVersion()).toBe('v1.0.0');
    const [, failed, rollback] = deployments();
    ids.v2 = failed!.id;
    ids.rollback = rollback!.id;
    expect(failed).toMatchObject({
      task: 'deploy',
      payload: { digest: v2.digest, version: 'v2.0.0', previous: { version: 'v1.0.0', digest: v1.digest } },
    });
    expect(host.api.latestState(ids.v2)).toBe('failure');
    expect(rollback).toMatchObject({
      task: 'rollback',
      payload: {
        digest: v1.digest,
        version: 'v1.0.0',
        rolledBackFrom: { version: 'v2.0.0', digest: v2.digest, deploymentId: ids.v2 },
        reason: 'Automatic rollback: v2.0.0 failed its health check',
      },
    });
    expect(host.api.latestState(ids.rollback)).toBe('success');
    expect(deployments()).toHaveLength(3);

    expect(result.outputs).toMatchObject({
      result: 'rolled-back',
      'failed-stage': 'health-check',
      'deployment-id': String(ids.v2),
      digest: v2.digest,
      version: 'v2.0.0',
      'previous-version': 'v1.0.0',
      healthy: 'false',
      'rollback-deployment-id': String(ids.rollback),
      'rolled-back-to': 'v1.0.0',
    });
    // One clear error line: what failed, and that the rollback worked.
    const errors = result.log.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /Health check failed .*Rolled back production to v1\.0\.0 \(deployment #\d+\); the step fails because v2\.0\.0 is not running/,
    );
    expect(errors[0]).not.toMatch(/bug/);

    const sent = messages().slice(before);
    expect(sent).toEqual([expect.objectContaining({ status: 'rolled-back', version: 'v1.0.0' })]);
    expect(sent[0]!.message).toBe('v2.0.0 failed its health check; production was rolled back to v1.0.0.');
    expect(result.summary).toMatch(/Result: ↩️ \*\*rolled-back\*\*/);
    expect(result.summary).toMatch(/\| Health check \| ❌ unhealthy \|/);
    expect(result.summary).toMatch(
      /\| Rollback \| ↩️ rolled back \| to v1\.0\.0 \(sha256:[a-f0-9]+\) as deployment #\d+, healthy \|/,
    );
    expect(result.summary).toContain('### Rollback');
  });

  it('refuses a prerelease for production with a missing variable: nothing deployed or recorded, one failure message', async () => {
    const v1 = host.images['v1.0.0']!;
    const writesBefore = host.api.writes().length;
    const before = messages().length;
    const result = await pipeline({
      image: v1.image,
      version: 'v1.1.0-rc.1',
      'required-env': 'DATABASE_URL',
      ...healthInputs(host, 'v1.1.0-rc.1'),
    });

    expect(result.exitCode).not.toBe(0);
    expect(host.api.writes()).toHaveLength(writesBefore);
    expect(deployments()).toHaveLength(3);
    expect(await appVersion()).toBe('v1.0.0');
    expect(result.outputs).toMatchObject({
      result: 'failed',
      'failed-stage': 'checks',
      'deployment-id': '',
      'image-ref': '',
    });
    const failures = JSON.parse(result.outputs['check-failures']!) as { check: string; reason: string }[];
    expect(failures.map((f) => f.check).sort()).toEqual(['required-env', 'version policy']);
    expect(result.log).toMatch(
      /::error::Pre-deploy checks failed for production: .*v1\.1\.0-rc\.1 is a prerelease.*Nothing was deployed/,
    );
    // A refused deploy still tells the channel: whoever published the release expects it to go out.
    const sent = messages().slice(before);
    expect(sent).toEqual([expect.objectContaining({ status: 'failure', version: 'v1.1.0-rc.1' })]);
    expect(sent[0]!.message).toBe('Refused by pre-deploy checks (required-env, version policy); nothing was deployed.');
    expect(result.summary).toMatch(/\| Deploy \| ⏭️ not run \| refused by the pre-deploy checks \|/);
    expect(result.summary).toMatch(/\| version policy \| failed \|/);
  });

  it('keeps the deploy failure as the headline when the message cannot be delivered either', async () => {
    const v1 = host.images['v1.0.0']!;
    const result = await pipeline({
      image: v1.image,
      version: 'v0.9.0',
      'webhook-url': receiver.url(`/broken${hookPath}`),
      'notify-fail-on-error': 'true',
      'notify-timeout': '2s',
    });

    expect(result.exitCode).not.toBe(0);
    expect(result.outputs).toMatchObject({ result: 'failed', 'failed-stage': 'checks', notified: '' });
    const errors = result.log.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^::error::Pre-deploy checks failed for production: version policy: v0\.9\.0 is lower than v1\.0\.0/,
    );
    expect(errors[0]).toMatch(
      /Nothing was deployed\. Notification \(failure\) to webhook failed: 127\.0\.0\.1:\d+: HTTP 500/,
    );
    expect(result.log).toMatch(/::warning::Notification \(failure\) to webhook failed/);
    expect(result.summary).toMatch(/\| Notify \(failure\) \| ⚠️ failed \| failed: webhook \|/);
  });

  it.each([
    [
      'rollback-on',
      { 'rollback-on': 'sometimes' },
      'Input "rollback-on" must be one of: unhealthy, failure, never (got "sometimes")',
    ],
    ['json (a health input)', { json: 'status ==' }, 'Input "json" line 1:'],
    ['email-to (a notify input)', { 'email-to': 'ops@example.com' }, 'Input "email-to" is set but "smtp-url" is not'],
    [
      'ssh-known-hosts (a target input)',
      { 'ssh-known-hosts': '' },
      'Input "ssh-known-hosts" is required when target is ssh-compose',
    ],
    [
      'freeze (a check input)',
      { freeze: 'Caturday 18:00 - Mon 08:00' },
      'Input "freeze" has a line that is not understood',
    ],
    ['image', { image: 'Not An Image' }, 'Input "image" is not a valid image reference'],
  ])('refuses a bad %s with one clear error, before contacting anything', async (_name, inputs, message) => {
    const requestsBefore = host.api.requests.length;
    const messagesBefore = receiver.requests.length;
    const v1 = host.images['v1.0.0']!;
    const result = await pipeline({ image: v1.image, ...healthInputs(host, 'v1.0.0'), ...inputs });

    expect(result.exitCode).toBe(1);
    const errors = result.log.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toEqual([expect.stringContaining(message)]);
    expect(host.api.requests.length).toBe(requestsBefore);
    expect(receiver.requests.length).toBe(messagesBefore);
    expect(result.outputs).toEqual({ result: 'failed' });
    expect(result.summary).toContain('Nothing was checked, deployed, recorded or sent');
  });

  it('works as a consumer workflow uses it: `uses: deploy-kit/deploy-kit@v1` on a real release payload', async () => {
    const [v1, v2] = [host.images['v1.0.0']!, host.images['v2.0.1']!];
    const before = { deployments: deployments().length, messages: messages().length };
    const lines: string[] = [];
    const workflow = await runWorkflow({
      file: join(import.meta.dirname, 'fixtures/deploy-on-release.yml'),
      event: releasedPayload('v2.0.1'),
      eventName: 'release',
      vars: {
        REGISTRY: `${host.registry.localhost}`,
        SSH_HOST: host.sshd.host,
        SSH_PORT: String(host.sshd.port),
        SSH_USER: host.sshd.user,
        KNOWN_HOSTS: host.sshd.knownHosts,
        PROJECT_DIR: host.projectDir,
        HEALTH_URL: `http://127.0.0.1:${host.appPort}/api/health`,
      },
      secrets: { GITHUB_TOKEN: host.token, DEPLOY_SSH_KEY: host.sshd.privateKey, WEBHOOK_URL: webhookUrl() },
      // The fake GitHub API holds octo-org/hello-world; the example payload names Codertocat's repository.
      env: { GITHUB_API_URL: host.api.url, GITHUB_REPOSITORY: 'octo-org/hello-world' },
      toolkitRoot: root,
      workspace: root,
      log: (line) => lines.push(line),
      masker: new Masker(),
    });

    expect(workflow.result).toBe('failure');
    const [job] = workflow.jobs;
    expect(job?.steps.map((step) => [step.name, step.outcome])).toEqual([
      [expect.stringContaining('deploy-kit/deploy-kit@v1'), 'failure'],
      ['Report the rollback', 'success'],
    ]);
    expect(job?.steps[0]?.outputs).toMatchObject({
      result: 'rolled-back',
      version: 'v2.0.1',
      'rolled-back-to': 'v1.0.0',
    });
    expect(lines.join('\n')).toContain('Release v2.0.1 was rolled back to v1.0.0');
    expect(await appVersion()).toBe('v1.0.0');
    const added = deployments().slice(before.deployments);
    expect(added.map((d) => [d.task, (d.payload as { digest: string }).digest, host.api.latestState(d.id)])).toEqual([
      ['deploy', v2.digest, 'failure'],
      ['rollback', v1.digest, 'success'],
    ]);
    expect(messages().slice(before.messages)).toEqual([
      expect.objectContaining({ status: 'rolled-back', version: 'v1.0.0' }),
    ]);
    expect(leakedSecrets(lines.join('\n'), [host.sshd.privateKey, host.token, webhookUrl(), hookPath])).toEqual([]);
  });

  it('a job cancelled mid-deploy ends its deployment as failure, is not rolled back, and still sends its final message', async () => {
    const v1 = host.images['v1.0.0']!;
    const before = { deployments: deployments().length, messages: messages().length };
    const result = await runBundledAction('pipeline', {
      inputs: {
        environment: 'production',
        image: v1.image,
        target: 'command',
        command: 'sleep 60',
        'github-token': host.token,
        'webhook-url': webhookUrl(),
        'webhook-secret': webhookSecret,
      },
      env: host.env(),
      timeoutMs: 120_000,
      // As the runner cancels a job: SIGINT, then SIGTERM.
      cancel: { when: /::group::deploy command/, signals: ['SIGINT', 'SIGTERM'] },
    });
    runs.push(result);

    expect(result.exitCode).toBe(1);
    // The two signals are sent back to back, and the kernel may hand them to two of Node's
    // threads, so either can arrive first (the runner spaces them by seconds). What must hold:
    // the first one is the reason, and the record, the log and the summary all give the same one.
    const reason = /::error::(Cancelled \(SIG(?:INT|TERM)\))/.exec(result.log)?.[1];
    expect(reason).toBeDefined();
    const added = deployments().slice(before.deployments);
    expect(added.map((d) => [d.task, host.api.latestState(d.id)])).toEqual([['deploy', 'failure']]);
    expect(host.api.state.statuses.filter((s) => s.deploymentId === added[0]!.id).at(-1)?.description).toBe(reason);
    expect(result.outputs).toMatchObject({ result: 'failed', 'deployment-id': String(added[0]!.id) });
    expect(result.summary).toContain(reason);
    expect(messages().slice(before.messages)).toEqual([
      expect.objectContaining({ status: 'failure', version: 'v1.0.0' }),
    ]);
    expect(messages().at(-1)?.message).toContain(
      'The job was cancelled while deploying v1.0.0; it was not rolled back.',
    );
  });

  it('never printed or sent a secret, and every GitHub request matched the API description', () => {
    expect(runs.length).toBeGreaterThanOrEqual(10);
    const secrets = [host.sshd.privateKey, host.token, webhookUrl(), hookPath, webhookSecret];
    for (const result of runs) expect(leakedSecrets(visibleOutput(result), secrets)).toEqual([]);
    // Notifications carry no token or key either.
    for (const request of receiver.requests) expect(leakedSecrets(request.body, secrets)).toEqual([]);
    // The deploying runs told the runner to mask the secrets.
    expect(runs[0]!.log).toContain(`::add-mask::${host.token}`);
    expect(runs[0]!.log).toContain(`::add-mask::${webhookSecret}`);
    // What a user checks in GitHub: every deployment these runs created ended with a final status.
    const unfinished = deployments()
      .map((d) => ({ id: d.id, state: host.api.latestState(d.id) ?? 'no status at all' }))
      .filter((d) => !['success', 'failure', 'error', 'inactive'].includes(d.state));
    expect(unfinished).toEqual([]);
    expect(host.api.validationErrors).toEqual([]);
  });
});
