import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import { startPodman, startRegistry, type Podman, type Registry } from '../infra/index';
import { runBundledAction } from '../support/run-bundled-action';
import { errorLines, eventFixture, makeBuildContext, recordingDocker, registryTags, visibleText } from './helpers';

const REPOSITORY = 'octo-org/hello-world';
const SECRET = 'ghs_wrongButStillSecret987';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Every refusal: the step fails with one `::error::` line saying what to fix,
 * no stack, the docker CLI is never run and the registry's tags are unchanged.
 */
describe('build-image refuses bad inputs and failures before pushing anything', () => {
  let registry: Registry;
  let podman: Podman;
  let context: ReturnType<typeof makeBuildContext>;
  let docker: ReturnType<typeof recordingDocker>;
  let unreachable: number;
  const auth = { username: 'octocat', password: 'ghs_theRightPassword123' };
  const basicAuth = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;

  beforeAll(async () => {
    [registry, podman] = await Promise.all([startRegistry({ auth }), startPodman()]);
    context = makeBuildContext();
    docker = recordingDocker();
    unreachable = await closedPort();
  }, 120_000);

  afterAll(async () => {
    context?.remove();
    docker?.remove();
    await Promise.all([registry?.stop(), podman?.stop()]);
  }, 120_000);

  const cases: [string, { fixture?: string; eventName?: string; inputs?: Record<string, string> }, RegExp][] = [
    [
      'an unknown environment',
      { inputs: { environment: 'qa' } },
      /^::error::Input "environment" must be one of: staging, production \(got "qa"\)$/,
    ],
    ['a bad boolean', { inputs: { push: 'yes' } }, /^::error::Input "push" must be true or false \(got "yes"\)$/],
    [
      'a tag that is not semver',
      { fixture: 'release-published-not-semver-nightly-42' },
      /^::error::Version "nightly-42" is not semver.*allow-non-semver: true/,
    ],
    ['a draft release', { fixture: 'release-published-draft-v1.3.0' }, /^::error::.*draft/i],
    ['an edited release', { fixture: 'release-edited-v1.0.0' }, /^::error::.*edited/],
    [
      'a missing Dockerfile',
      { inputs: { file: 'no/such/Dockerfile' } },
      /^::error::Input "file" must name a Dockerfile \(got "no\/such\/Dockerfile", which does not exist\)$/,
    ],
    [
      'a context that is not a directory',
      { inputs: { context: '/nonexistent-context' } },
      /^::error::Input "context" must be a directory/,
    ],
    [
      'an upper-case image',
      { inputs: { image: 'LOCALHOST_PLACEHOLDER/Octo-Org/Hello-World' } },
      /^::error::Input "image" is not usable: .*upper-case.*octo-org\/hello-world/,
    ],
    [
      'bad build-args',
      { inputs: { 'build-args': 'VERSION' } },
      /^::error::Input "build-args" must be one KEY=VALUE per line/,
    ],
    [
      'a dispatch without a version',
      { eventName: 'workflow_dispatch', inputs: { environment: 'staging' } },
      /^::error::.*"version" input/,
    ],
    [
      'wrong registry credentials (401)',
      { inputs: { 'registry-password': SECRET } },
      /^::error::Registry (localhost:\d+) refused access \(401.*\)\. Check the credentials given for \1 and that they may access this repository\.$/,
    ],
  ];

  it.each(cases)('%s', async (_name, spec, expected) => {
    docker.reset();
    const tagsBefore = await registryTags(registry.host, REPOSITORY, basicAuth);
    const inputs: Record<string, string> = {
      image: `${registry.localhost}/${REPOSITORY}`,
      context: context.dir,
      'registry-password': auth.password,
      ...spec.inputs,
    };
    inputs.image = inputs.image!.replace('LOCALHOST_PLACEHOLDER', registry.localhost);
    const run = await runBundledAction('build-image', {
      eventName: spec.eventName ?? 'release',
      event:
        spec.eventName === 'workflow_dispatch'
          ? eventFixture('workflow-dispatch')
          : eventFixture(spec.fixture ?? 'release-prereleased-v1.0.0-beta.1'),
      inputs,
      env: { ...podman.env, PATH: docker.path },
    });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toHaveLength(1);
    expect(errorLines(run)[0]).toMatch(expected);
    expect(run.log).not.toMatch(/^\s+at /m);
    expect(run.log).not.toContain('looks like a bug');
    expect(docker.calls()).toEqual([]);
    expect(await registryTags(registry.host, REPOSITORY, basicAuth)).toEqual(tagsBefore);
    expect(run.outputs).toEqual({});
    expect(visibleText(run)).not.toContain(SECRET);
    expect(visibleText(run)).not.toContain(auth.password);
  });

  it('an unreachable registry', async () => {
    docker.reset();
    const run = await runBundledAction('build-image', {
      eventName: 'release',
      event: eventFixture('release-prereleased-v1.0.0-beta.1'),
      inputs: { image: `localhost:${unreachable}/${REPOSITORY}`, context: context.dir },
      env: { ...podman.env, PATH: docker.path },
    });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual([
      expect.stringMatching(new RegExp(`^::error::Cannot reach registry localhost:${unreachable}: .*ECONNREFUSED`)),
    ]);
    expect(docker.calls()).toEqual([]);
  });

  it('logs in with the right credentials (password on stdin, never printed) and pushes', async () => {
    docker.reset();
    const run = await runBundledAction('build-image', {
      eventName: 'release',
      event: eventFixture('release-prereleased-v1.0.0-beta.1'),
      inputs: {
        image: `${registry.localhost}/${REPOSITORY}`,
        context: context.dir,
        'registry-username': auth.username,
        'registry-password': auth.password,
        labels: `io.deploy-kit.test.built-by=${podman.dockerHost}`,
      },
      env: { ...podman.env, PATH: docker.path },
    });
    if (run.exitCode !== 0) console.error(run.log);
    expect(run.exitCode).toBe(0);
    expect(await registryTags(registry.host, REPOSITORY, basicAuth)).toEqual(['sha-ffac537', 'v1.0.0-beta.1']);
    expect(docker.calls()).toContain(`login --username ${auth.username} --password-stdin ${registry.localhost}`);
    expect(docker.calls()).toContain(`logout ${registry.localhost}`);
    expect(docker.calls().join('\n')).not.toContain(auth.password);
    expect(visibleText(run)).not.toContain(auth.password);
  });
});
