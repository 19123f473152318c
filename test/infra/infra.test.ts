import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { buildAppImage, freePort, runCommand, startPodman, startRegistry, type Podman, type Registry } from './index';

describe('startRegistry', () => {
  let registry: Registry;
  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('serves the distribution API on a loopback port from the insecure range', async () => {
    expect(registry.host).toMatch(/^127\.0\.0\.1:150\d\d$/);
    const response = await fetch(`http://${registry.host}/v2/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('docker-distribution-api-version')).toBe('registry/2.0');
  });

  it('gives two registries started together different ports', async () => {
    const [a, b] = await Promise.all([startRegistry(), startRegistry()]);
    try {
      expect(a.host).not.toBe(b.host);
      expect((await fetch(`http://${b.host}/v2/_catalog`)).status).toBe(200);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('logs every request it serves', async () => {
    await fetch(`http://${registry.host}/v2/nothing/here/tags/list`);
    expect(readFileSync(registry.logFile, 'utf8')).toContain('"GET /v2/nothing/here/tags/list HTTP/1.1" 404');
  });

  it('is gone after stop()', async () => {
    const other = await startRegistry();
    await other.stop();
    await expect(fetch(`http://${other.host}/v2/`)).rejects.toThrow();
  });
});

describe('startRegistry with auth', () => {
  const auth = { username: 'ci-bot', password: 'ghp_registryTokenForTests1234' };
  let registry: Registry;
  let podman: Podman;
  beforeAll(async () => {
    [registry, podman] = await Promise.all([startRegistry({ auth }), startPodman()]);
  });
  afterAll(async () => {
    await Promise.all([registry?.stop(), podman?.stop()]);
  });
  const basic = (user: string, password: string) =>
    ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` }) as const;

  it('challenges anonymous clients and accepts only the right password', async () => {
    const anonymous = await fetch(`http://${registry.host}/v2/`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm="deploy-kit-test"/);
    expect((await fetch(`http://${registry.host}/v2/`, { headers: basic(auth.username, 'wrong') })).status).toBe(401);
    expect((await fetch(`http://${registry.host}/v2/`, { headers: basic(auth.username, auth.password) })).status).toBe(
      200,
    );
  });

  it('lets docker log in to its localhost name with the password on stdin, and refuses a wrong one', async () => {
    const env = { ...process.env, ...podman.env };
    const login = (password: string) =>
      runCommand('docker', ['login', registry.localhost, '-u', auth.username, '--password-stdin'], {
        env,
        input: password,
        timeoutMs: 30_000,
      });
    await expect(login('wrong')).rejects.toThrow(/401|unauthorized/i);
    expect((await login(auth.password)).stdout).toContain('Login Succeeded');
    const ref = `${registry.localhost}/octo-org/private:v1`;
    await buildAppImage({ env: podman.env, ref, version: 'v1', push: true });
    const tags = await fetch(`http://${registry.host}/v2/octo-org/private/tags/list`, {
      headers: basic(auth.username, auth.password),
    });
    expect(await tags.json()).toEqual({ name: 'octo-org/private', tags: ['v1'] });
  });
});

describe('startPodman + buildAppImage', () => {
  let registry: Registry;
  let podman: Podman;
  const env = () => ({ ...process.env, ...podman.env });
  const containers: string[] = [];

  beforeAll(async () => {
    [registry, podman] = await Promise.all([startRegistry(), startPodman()]);
  });
  afterAll(async () => {
    if (podman && containers.length) {
      await runCommand('docker', ['rm', '-f', ...containers], { env: env(), timeoutMs: 60_000 }).catch(() => {});
    }
    await Promise.all([registry?.stop(), podman?.stop()]);
  });

  it('serves the Docker API to the real docker CLI', async () => {
    expect(podman.dockerHost).toMatch(/^unix:\/\/\/.+\/podman\.sock$/);
    expect(podman.env).toMatchObject({ DOCKER_HOST: podman.dockerHost, DOCKER_BUILDKIT: '0' });
    const { stdout } = await runCommand('docker', ['version', '--format', '{{.Server.Version}}'], {
      env: env(),
      timeoutMs: 30_000,
    });
    expect(stdout.trim()).toMatch(/^\d+\.\d+/);
  });

  it('builds and pushes the app image, listed through the registry API', async () => {
    const ref = `${registry.host}/octo-org/app:v1.2.3`;
    await buildAppImage({ env: podman.env, ref, version: 'v1.2.3', push: true });
    const tags = await (await fetch(`http://${registry.host}/v2/octo-org/app/tags/list`)).json();
    expect(tags).toEqual({ name: 'octo-org/app', tags: ['v1.2.3'] });
  });

  it.each([['ok'], ['unhealthy']] as const)(
    'runs an image whose /api/health says %s with its version',
    async (health) => {
      const ref = `${registry.host}/octo-org/app:${health}`;
      await buildAppImage({ env: podman.env, ref, version: `2.0.0-${health}`, health });
      const port = await freePort();
      const { stdout } = await runCommand('docker', ['run', '-d', '-p', `127.0.0.1:${port}:8080`, ref], {
        env: env(),
        timeoutMs: 60_000,
      });
      containers.push(stdout.trim());
      const health200 = await fetchWhenUp(`http://127.0.0.1:${port}/api/health`);
      expect(await health200.json()).toEqual({ status: health, version: `2.0.0-${health}` });
      expect((await (await fetch(`http://127.0.0.1:${port}/`)).text()).trim()).toBe(`2.0.0-${health}`);
    },
  );
});

async function fetchWhenUp(url: string): Promise<Response> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return response;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`${url} never answered 200`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('startPodman storage', () => {
  it('is its own: an image built through one instance is not seen by another or by the host', async () => {
    const [a, b] = await Promise.all([startPodman(), startPodman()]);
    const ref = `localhost/deploy-kit-test/isolated:${process.pid}`;
    try {
      await buildAppImage({ env: a.env, ref, version: 'v1' });
      const list = async (args: readonly string[]) =>
        (await runCommand('podman', [...args, 'images', '--quiet', ref], { timeoutMs: 30_000 })).stdout.trim();
      expect(await list(a.storageArgs)).toMatch(/^[0-9a-f]{12}$/);
      expect(await list(b.storageArgs)).toBe('');
      expect(await list([])).toBe('');
      // Through the Docker API too, as the actions see it.
      const inspect = (env: NodeJS.ProcessEnv) =>
        runCommand('docker', ['image', 'inspect', ref], { env: { ...process.env, ...env }, timeoutMs: 30_000 });
      await expect(inspect(a.env)).resolves.toBeDefined();
      await expect(inspect(b.env)).rejects.toThrow(/no such image/i);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('is gone after stop(), with the containers still running in it', async () => {
    const podman = await startPodman();
    const ref = `localhost/deploy-kit-test/cleanup:${process.pid}`;
    let container: string | undefined;
    try {
      await buildAppImage({ env: podman.env, ref, version: 'v1' });
      container = (
        await runCommand('podman', [...podman.storageArgs, 'run', '-d', ref], { timeoutMs: 60_000 })
      ).stdout.trim();
      expect(container).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await podman.stop();
    }
    const storage = podman.storageArgs[1] as string;
    expect(existsSync(storage)).toBe(false);
    // No container process of it is left on the host.
    const conmon = await runCommand('pgrep', ['-f', `conmon.*${container}`], { timeoutMs: 10_000 }).catch(
      (error: unknown) => error,
    );
    expect(conmon).toBeInstanceOf(Error);
  });
});
