// Three ssh-compose "hosts" for the multi-host tests: one sshd each (its own port and host
// key), each with its own compose project (its own folder, its app on its own loopback port),
// all driving the one Podman engine, as test/infra/README.md describes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toHealthCheckOptions, type HealthCheckOptions } from '@deploy-kit/health';
import { SshComposeTarget, type DeployRequest, type HostSlot, type TargetLog } from '@deploy-kit/targets';
import { freePort, runCommand, startSshd, type Podman, type Registry, type Sshd } from '../infra';

export interface TestHost {
  name: string;
  sshd: Sshd;
  projectDir: string;
  appPort: number;
}

export async function startHosts(names: string[], podman: Podman): Promise<TestHost[]> {
  const hosts: TestHost[] = [];
  for (const name of names) {
    const sshd = await startSshd({ env: podman.env });
    const projectDir = mkdtempSync(join(tmpdir(), `deploy-kit-mh-${name}-`));
    const appPort = await freePort();
    writeCompose({ name, sshd, projectDir, appPort });
    hosts.push({ name, sshd, projectDir, appPort });
  }
  return hosts;
}

/**
 * The host's compose file; `brokenHealth` mounts a health file saying "unhealthy" over the app's
 * own, `answersVersion` one saying "ok" but reporting that version whatever image runs.
 */
export function writeCompose(host: TestHost, options: { brokenHealth?: boolean; answersVersion?: string } = {}): void {
  const mounted = options.brokenHealth || options.answersVersion !== undefined;
  const volume = mounted ? '\n    volumes: ["./broken-health.json:/www/api/health:ro"]' : '';
  if (mounted) {
    const answer = options.brokenHealth
      ? { status: 'unhealthy', version: 'none' }
      : { status: 'ok', version: options.answersVersion };
    writeFileSync(join(host.projectDir, 'broken-health.json'), JSON.stringify(answer));
  }
  writeFileSync(
    join(host.projectDir, 'compose.yml'),
    `services:\n  api:\n    image: \${API_IMAGE}\n    ports: ["127.0.0.1:${host.appPort}:8080"]${volume}\n`,
  );
}

export async function stopHosts(hosts: TestHost[], podman: Podman | undefined): Promise<void> {
  for (const host of hosts) {
    await runCommand('docker', ['compose', 'down'], {
      env: { ...process.env, ...podman?.env, API_IMAGE: 'unused' },
      timeoutMs: 120_000,
      cwd: host.projectDir,
    }).catch(() => undefined);
    await host.sshd.stop();
    rmSync(host.projectDir, { recursive: true, force: true });
  }
}

/** The one-host target of a test host, as targetFromSettings builds it for a real host. */
export function hostSlot(host: TestHost): HostSlot {
  return {
    name: host.name,
    target: new SshComposeTarget({
      connection: {
        host: host.sshd.host,
        port: host.sshd.port,
        user: host.sshd.user,
        privateKey: host.sshd.privateKey,
        knownHosts: host.sshd.knownHosts,
        skipHostKeyCheck: false,
        connectTimeoutMs: 20_000,
      },
      project: { projectDir: host.projectDir, composeCommand: 'docker compose' },
      commandTimeoutMs: 180_000,
    }),
  };
}

/** The environment's health check aimed at one host's app: status ok and the version being deployed. */
export function healthFor(url: string, version: string): HealthCheckOptions {
  return toHealthCheckOptions([url], {
    method: 'GET',
    headers: undefined,
    body: undefined,
    'expected-status': '200',
    json: 'status == "ok"',
    'body-contains': undefined,
    'body-regex': undefined,
    'expect-version': version,
    'json-version-path': 'version',
    timeout: 5_000,
    interval: 500,
    backoff: 'constant',
    'max-interval': 2_000,
    'max-attempts': undefined,
    deadline: 20_000,
    'consecutive-successes': 1,
    'failure-threshold': 3,
    'max-latency': undefined,
    'follow-redirects': true,
    'insecure-tls': false,
    'fail-on-unhealthy': true,
    'redact-query-params': '',
  });
}

/** What the host's app says it runs (GET / answers its version). */
export async function served(host: TestHost): Promise<string> {
  const answer = await fetch(`http://127.0.0.1:${host.appPort}/`, { signal: AbortSignal.timeout(10_000) });
  return (await answer.text()).trim();
}

export const quietLog: TargetLog = {
  info: () => undefined,
  warning: () => undefined,
  group: <T>(_: string, work: () => Promise<T>) => work(),
};

export function requestFor(
  version: string,
  registryHost: string,
  digests: Record<string, string>,
  environment = 'production',
): DeployRequest {
  const digest = digests[version]!;
  return {
    version,
    environment,
    services: [
      {
        service: 'api',
        composeService: 'api',
        imageVariable: 'API_IMAGE',
        image: `${registryHost}/octo-org/api:${version}`,
        digest,
        imageRef: `${registryHost}/octo-org/api@${digest}`,
      },
    ],
  };
}

/** The registry's own digest of a pushed tag: what a deploy pins (Podman's local digest can differ). */
export async function registryDigest(registry: Registry, tag: string): Promise<string> {
  const head = await fetch(`http://${registry.host}/v2/octo-org/api/manifests/${tag}`, {
    method: 'HEAD',
    headers: {
      accept: 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json',
    },
    signal: AbortSignal.timeout(10_000),
  });
  const digest = head.headers.get('docker-content-digest') ?? '';
  if (!/^sha256:[0-9a-f]{64}$/.test(digest)) throw new Error(`no digest for ${tag}: HTTP ${head.status}`);
  return digest;
}
