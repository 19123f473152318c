import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startFakeGitHub, type FakeGitHub } from '../github-api';
import { buildAppImage, freePort, runCommand, startPodman, startRegistry, type Podman, type Registry } from '../infra';
import { leakedSecrets, runBundledAction, visibleOutput, type BundledActionRun } from '../support/run-bundled-action';

// Matches test/support/run-bundled-action.ts: the run whose own deployments and checks are ignored.
const SHA = 'ffac537e6cbbf934b08745a378932722df287a53';
const RUN_URL = 'https://github.com/octo-org/hello-world/actions/runs/1658821493';
const TOKEN = 'ghs_preDeployCheckToken0123456789';

let registry: Registry;
let podman: Podman;
let image: (tag: string) => string;
let digest: string;
let api: FakeGitHub;

beforeAll(async () => {
  registry = await startRegistry();
  podman = await startPodman();
  image = (tag) => `${registry.host}/octo-org/app:${tag}`;
  await buildAppImage({ env: podman.env, ref: image('v1.2.0'), version: '1.2.0', push: true });
  const env = { ...process.env, ...podman.env };
  for (const tag of ['v1.0.0', 'v1.2.0-beta.1']) {
    await runCommand('docker', ['tag', image('v1.2.0'), image(tag)], { env, timeoutMs: 30_000 });
    await runCommand('docker', ['push', image(tag)], { env, timeoutMs: 120_000 });
  }
  const head = await fetch(`http://${registry.host}/v2/octo-org/app/manifests/v1.2.0`, {
    method: 'HEAD',
    headers: {
      accept: 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json',
    },
  });
  digest = head.headers.get('docker-content-digest') ?? '';
  expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
}, 600_000);

afterAll(async () => {
  await podman?.stop();
  await registry?.stop();
});

beforeEach(async () => {
  api = await startFakeGitHub();
  api.seed.environment('production', { protectionRules: [{ type: 'required_reviewers' }] });
  api.seed.environment('staging');
  api.seed.deployment({
    environment: 'production',
    payload: { image: image('v1.1.0'), digest: `sha256:${'1'.repeat(64)}`, version: 'v1.1.0' },
    states: ['in_progress', 'success'],
  });
});

afterEach(async () => {
  expect(api.validationErrors).toEqual([]);
  // The action only reads: it never creates anything in GitHub.
  expect(api.writes()).toEqual([]);
  await api.stop();
});

function check(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}): Promise<BundledActionRun> {
  return runBundledAction('pre-deploy-check', {
    inputs: { 'github-token': TOKEN, environment: 'production', ...inputs },
    env: { GITHUB_API_URL: api.url, ...env },
    timeoutMs: 120_000,
  });
}

function failures(run: BundledActionRun): { check: string; reason: string }[] {
  return JSON.parse(run.outputs.failures ?? 'null') as { check: string; reason: string }[];
}

/** A weekly window around (or away from) the current time, in UTC. */
function windowAround(now: Date, fromHours: number, toHours: number): string {
  const at = (hours: number) => {
    const d = new Date(now.getTime() + hours * 3_600_000);
    const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
    return `${day} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  };
  return `${at(fromHours)} - ${at(toHours)} UTC`;
}

describe('pre-deploy-check', () => {
  it('passes a newer release to production, resolving the image and reporting every check', async () => {
    api.seed.checks(
      SHA,
      { name: 'test', conclusion: 'success' },
      { name: 'deploy', status: 'in_progress', detailsUrl: `${RUN_URL}/job/42` },
    );
    api.seed.commitStatus(SHA, 'ci/build', 'success');
    const run = await check(
      {
        image: image('v1.2.0'),
        'required-env': 'DATABASE_URL',
        'require-checks': 'true',
        freeze: windowAround(new Date(), 3, 5),
      },
      { DATABASE_URL: 'postgres://db' },
    );
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ ok: 'true', failures: '[]', 'current-version': 'v1.1.0', digest });
    expect(run.summary).toContain('Pre-deploy checks: production');
    expect(run.summary).toContain('**Ready to deploy.**');
    for (const row of [
      'required-env',
      'image resolves',
      'version policy',
      'no deployment in progress',
      'commit checks',
      'freeze',
      'environment exists',
    ]) {
      expect(run.summary).toMatch(new RegExp(`\\| ${row} \\| ✅ passed \\|`));
    }
    expect(run.summary).toContain(`${image('v1.2.0')} -> ${digest}`);
    expect(run.summary).toContain('v1.2.0: newer than v1.1.0');
    expect(leakedSecrets(visibleOutput(run), [TOKEN])).toEqual([]);
    expect(run.log).toContain(`::add-mask::${TOKEN}`);
  });

  it('refuses a prerelease for production, still running (and reporting) every other check', async () => {
    const run = await check({ image: image('v1.2.0-beta.1') });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.ok).toBe('false');
    expect(failures(run)).toEqual([
      { check: 'version policy', reason: 'v1.2.0-beta.1 is a prerelease (set force: true to deploy it anyway)' },
    ]);
    expect(run.log).toContain(
      '::error::Pre-deploy checks failed for production: version policy: v1.2.0-beta.1 is a prerelease',
    );
    expect(run.summary).toMatch(/\| image resolves \| ✅ passed \|/);
    expect(run.summary).toMatch(/\| required-env \| ⏭️ skipped \| no `required-env` listed \|/);
    expect(run.summary).toContain('**Not ready: 1 check(s) failed.**');
  });

  it('takes a prerelease to staging', async () => {
    const run = await check({ environment: 'staging', image: image('v1.2.0-beta.1') });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.ok).toBe('true');
  });

  it('refuses a downgrade of production, and lets force or a rollback through', async () => {
    const refused = await check({ image: image('v1.0.0') });
    expect(refused.exitCode).toBe(1);
    expect(failures(refused)).toEqual([
      {
        check: 'version policy',
        reason: 'v1.0.0 is lower than v1.1.0, which production runs now (set force: true to deploy it anyway)',
      },
    ]);

    const forced = await check({ image: image('v1.0.0'), force: 'true' });
    expect(forced.exitCode).toBe(0);
    expect(forced.outputs.ok).toBe('true');
    expect(forced.summary).toContain('allowed by force');

    const rollback = await check({ image: image('v1.0.0'), rollback: 'true' });
    expect(rollback.exitCode).toBe(0);
    expect(rollback.summary).toContain('allowed by rollback');
  });

  it('uses the version input over the image tag', async () => {
    const run = await check({ image: `${image('v1.2.0')}`, version: '1.3.0-rc.1' });
    expect(failures(run)).toEqual([
      { check: 'version policy', reason: expect.stringContaining('1.3.0-rc.1 is a prerelease') },
    ]);
  });

  it('fails when the image tag does not exist, or the registry cannot be reached', async () => {
    const missing = await check({ image: image('v9.9.9') });
    expect(missing.exitCode).toBe(1);
    expect(failures(missing)).toEqual([
      { check: 'image resolves', reason: `${image('v9.9.9')} was not found in the registry` },
    ]);

    const port = await freePort();
    const unreachable = await check({ image: `127.0.0.1:${port}/octo-org/app:v1.2.0`, 'registry-timeout': '2s' });
    expect(unreachable.exitCode).toBe(1);
    expect(failures(unreachable)[0]).toMatchObject({
      check: 'image resolves',
      reason: expect.stringContaining(`127.0.0.1:${port}`),
    });
  });

  it('accepts an image pinned by digest, and refuses a tag that was moved away from its pin', async () => {
    const pinned = await check({ image: `${image('v1.2.0')}@${digest}` });
    expect(pinned.exitCode).toBe(0);
    const moved = await check({ image: `${image('v1.2.0')}@sha256:${'e'.repeat(64)}`, version: 'v1.2.0' });
    expect(failures(moved)).toEqual([
      { check: 'image resolves', reason: `v1.2.0 now points to ${digest}, not the pinned sha256:${'e'.repeat(64)}` },
    ]);
  });

  it('fails while another deployment of the environment is in progress, ignoring this run’s own', async () => {
    const other = api.seed.deployment({
      environment: 'production',
      payload: { image: image('v1.1.5'), digest: '', version: 'v1.1.5' },
      states: ['in_progress'],
      logUrl: 'https://github.com/octo-org/hello-world/actions/runs/99',
    });
    api.seed.deployment({ environment: 'production', states: ['in_progress'], logUrl: `${RUN_URL}/job/7` });
    const run = await check({ image: image('v1.2.0') });
    expect(run.exitCode).toBe(1);
    expect(failures(run)).toEqual([
      {
        check: 'no deployment in progress',
        reason: expect.stringMatching(
          new RegExp(`^in progress on production: #${other.id} \\(v1.1.5, in_progress since .*actions/runs/99\\)$`),
        ),
      },
    ]);
  });

  it('with require-checks, fails on red or unfinished commit checks and names them', async () => {
    api.seed.checks(
      SHA,
      { name: 'test', conclusion: 'failure' },
      { name: 'e2e', status: 'in_progress' },
      { name: 'lint', conclusion: 'skipped' },
      { name: 'flaky', conclusion: 'failure' },
    );
    api.seed.commitStatus(SHA, 'ci/build', 'pending');
    const run = await check({ image: image('v1.2.0'), 'require-checks': 'true', 'ignore-checks': 'flaky' });
    expect(failures(run)).toEqual([
      { check: 'commit checks', reason: 'commit ffac537: ci/build is pending, test failure, e2e is in progress' },
    ]);
  });

  it('refuses inside a freeze window unless forced, and warns when forced', async () => {
    const freeze = `# weekly release freeze\n${windowAround(new Date(), -2, 2)}\n2020-12-24 00:00 - 2020-12-27 00:00 Europe/Berlin`;
    const frozen = await check({ image: image('v1.2.0'), freeze });
    expect(frozen.exitCode).toBe(1);
    expect(failures(frozen)).toEqual([
      {
        check: 'freeze',
        reason: expect.stringMatching(/^inside freeze window .* UTC \(set force: true to deploy anyway\)$/),
      },
    ]);
    const forced = await check({ image: image('v1.2.0'), freeze, force: 'true' });
    expect(forced.exitCode).toBe(0);
    expect(forced.log).toMatch(/::warning::Deploying inside freeze window .* \(force: true\)/);
  });

  it('fails when the GitHub environment does not exist, and warns when production is unprotected', async () => {
    const missing = await check({ environment: 'qa', image: image('v1.2.0') });
    expect(failures(missing)).toEqual([
      {
        check: 'environment exists',
        reason:
          'environment "qa" does not exist in octo-org/hello-world (create it in Settings > Environments, with protection rules)',
      },
    ]);
    api.seed.environment('production', { protectionRules: [] });
    const unprotected = await check({ image: image('v1.2.0') });
    expect(unprotected.exitCode).toBe(0);
    expect(unprotected.log).toContain('::warning::Environment "production" has no protection rules');
    expect(unprotected.summary).toContain('production exists but has no protection rules');
  });

  it('lists every failure at once', async () => {
    const run = await check(
      { environment: 'production', image: image('v9.9.9'), version: 'v1.0.0', 'required-env': 'API_KEY, DATABASE_URL' },
      { DATABASE_URL: '' },
    );
    expect(run.exitCode).toBe(1);
    expect(failures(run).map((f) => f.check)).toEqual(['required-env', 'image resolves', 'version policy']);
    expect(failures(run)[0]?.reason).toBe('not set or empty: API_KEY, DATABASE_URL');
    expect(run.log.match(/::error::/g)).toHaveLength(1);
  });

  it('survives GitHub answering 502 and a secondary rate limit', async () => {
    api.fault('GET', '/repos/{owner}/{repo}/deployments', { type: 'status', status: 502 });
    api.fault('GET', '/repos/{owner}/{repo}/environments/{environment_name}', {
      type: 'secondary-rate-limit',
      retryAfterSeconds: 1,
    });
    const run = await check({ image: image('v1.2.0') });
    expect(run.exitCode).toBe(0);
    expect(run.outputs['current-version']).toBe('v1.1.0');
    expect(api.requests.filter((r) => r.fault).map((r) => r.status)).toEqual([502, 403]);
  });

  it('reports a GitHub outage as failed checks (never a crash), still checking the image', async () => {
    api.fault('GET', '/repos/{owner}/{repo}/deployments', { type: 'status', status: 500 }, Infinity);
    const run = await check({ image: image('v1.2.0') });
    expect(run.exitCode).toBe(1);
    expect(failures(run)).toEqual([
      { check: 'version policy', reason: expect.stringMatching(/^could not read what production runs now: HTTP 500/) },
      {
        check: 'not a failed image',
        reason: expect.stringMatching(new RegExp(`^could not read the deployments of ${digest}: HTTP 500`)),
      },
      { check: 'no deployment in progress', reason: expect.stringMatching(/^could not list deployments: HTTP 500/) },
    ]);
    expect(run.summary).toMatch(/\| image resolves \| ✅ passed \|/);
    expect(run.log).not.toMatch(/looks like a bug/);
  });

  it('sends the token with every GitHub request', async () => {
    await check({ image: image('v1.2.0'), 'require-checks': 'true' });
    expect(api.requests.length).toBeGreaterThan(3);
    expect(api.requests.filter((r) => !r.authorized)).toEqual([]);
  });

  it.each([
    [{ environment: '' }, 'Input "environment" is required'],
    [{ force: 'yes' }, 'Input "force" must be true or false (got "yes")'],
    [
      { freeze: 'Fri 18:00 - Mon 08:00 Europe/Atlantis' },
      'Input "freeze" has a line that is not understood: "Europe/Atlantis" is not a time zone',
    ],
    [
      { 'required-env': 'DATABASE-URL' },
      'Input "required-env" must list environment variable names such as DATABASE_URL',
    ],
    [{ 'github-token': '' }, 'Input "github-token" is required'],
    [{ production: 'maybe' }, 'Input "production" must be one of: auto, true, false (got "maybe")'],
  ])('refuses bad input %j before any request', async (inputs, message) => {
    const run = await check({ image: image('v1.2.0'), ...inputs });
    expect(run.exitCode).toBe(1);
    expect(run.log).toContain(`::error::${message}`);
    expect(api.requests).toEqual([]);
  });
});

describe('pre-deploy-check with registry credentials', () => {
  let secured: Registry;
  const credentials = { username: 'deployer', password: 'registry-Secret-4711' };

  beforeAll(async () => {
    secured = await startRegistry({ auth: credentials });
    await runCommand(
      'skopeo',
      [
        'copy',
        '--src-tls-verify=false',
        '--dest-tls-verify=false',
        '--dest-creds',
        `${credentials.username}:${credentials.password}`,
        `docker://${image('v1.2.0')}`,
        `docker://${secured.host}/octo-org/app:v1.2.0`,
      ],
      { timeoutMs: 120_000 },
    );
  }, 180_000);
  afterAll(async () => {
    await secured?.stop();
  });

  it('resolves with the right password, fails clearly with a wrong one, and never prints either', async () => {
    const ref = `${secured.host}/octo-org/app:v1.2.0`;
    const good = await check({
      image: ref,
      'registry-username': credentials.username,
      'registry-password': credentials.password,
    });
    expect(good.exitCode).toBe(0);
    expect(good.outputs.digest).toBe(digest);
    const bad = await check({
      image: ref,
      'registry-username': credentials.username,
      'registry-password': 'wrong-Password-0000',
    });
    expect(bad.exitCode).toBe(1);
    expect(failures(bad)[0]).toMatchObject({ check: 'image resolves' });
    for (const run of [good, bad])
      expect(leakedSecrets(visibleOutput(run), [credentials.password, 'wrong-Password-0000', TOKEN])).toEqual([]);
    expect(good.log).toContain(`::add-mask::${credentials.password}`);
    expect(bad.summary).toMatch(/\| image resolves \| ❌ failed \| .*(401|unauthori|denied|credentials)/i);
  });
});
