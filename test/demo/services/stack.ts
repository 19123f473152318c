import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeGitHub, type FakeGitHub } from '../../github-api';
import { startPodman, startRegistry, type Podman, type Registry } from '../../infra';
import { Cleanup } from '../stack/cleanup';
import { removeImages } from '../stack/remove-images';
import { DEMO_REPOSITORY } from '../stack/start-stack';
import { startWebhookReceiver, type WebhookReceiver } from '../stack/webhook-receiver';
import { createEnvironmentHost, SERVICES, type EnvironmentHost, type EnvironmentName, type ServiceName } from './hosts';

export interface ServicesStack {
  registry: Registry;
  podman: Podman;
  /** Staging and production, each on its own SSH host (own sshd, own host key, own client key). */
  hosts: Record<EnvironmentName, EnvironmentHost>;
  receiver: WebhookReceiver;
  github: FakeGitHub;
  /** `localhost:PORT/octo-org/hello-world/<service>`: each service's image, without a tag. */
  images: Record<ServiceName, string>;
  /** Stops everything started, newest first; returns what could not be stopped. Safe to call twice. */
  stop(): Promise<string[]>;
}

/**
 * The two-service demo's world on 127.0.0.1: an OCI registry, the Podman engine behind the
 * docker CLI, two SSH hosts (staging and production) whose sessions reach that engine, each
 * with its own compose project, a webhook receiver and the fake GitHub API. If a piece fails to
 * start, the ones already running are stopped.
 */
export async function startServicesStack(options: {
  workDir: string;
  log?: (line: string) => void;
}): Promise<ServicesStack> {
  const log = options.log ?? (() => {});
  const cleanup = new Cleanup();
  try {
    const [registryStart, podmanStart] = await Promise.allSettled([startRegistry(), startPodman()]);
    if (registryStart.status === 'fulfilled') cleanup.add('registry', registryStart.value.stop);
    if (podmanStart.status === 'fulfilled') cleanup.add('podman', podmanStart.value.stop);
    if (registryStart.status === 'rejected') throw registryStart.reason;
    if (podmanStart.status === 'rejected') throw podmanStart.reason;
    const registry = registryStart.value;
    const podman = podmanStart.value;
    const repository = `${registry.localhost}/${DEMO_REPOSITORY.owner}/${DEMO_REPOSITORY.repo}`;
    const images = Object.fromEntries(SERVICES.map((s) => [s, `${repository}/${s}`])) as Record<ServiceName, string>;
    // Runs before Podman stops and after the compose projects are down (stops run newest first).
    for (const image of Object.values(images)) cleanup.add(`demo images ${image}`, () => removeImages(image));
    log(`OCI registry        http://${registry.host}`);
    log(`Podman engine       ${podman.dockerHost} (DOCKER_HOST for the docker CLI)`);

    const serverRoot = join(options.workDir, 'server');
    mkdirSync(serverRoot, { recursive: true });
    const remoteEnv = Object.fromEntries(
      Object.entries(podman.env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
    const hosts = {} as Record<EnvironmentName, EnvironmentHost>;
    for (const name of ['staging', 'production'] as const) {
      // Remote sessions get the Podman socket and docker config, so `docker compose` on the host works.
      const host = await createEnvironmentHost(name, remoteEnv, serverRoot);
      cleanup.add(`${name} host`, host.stop);
      hosts[name] = host;
      const { sshd } = host;
      log(`${`${name} host`.padEnd(19)} ${sshd.user}@${sshd.host}:${sshd.port} (its own host key)`);
      log(`  ${host.composeFile.padEnd(26)} ${host.projectDir}`);
      log(`  api ${host.healthUrls.api}   frontend ${host.url}`);
    }

    const receiver = await startWebhookReceiver();
    cleanup.add('webhook receiver', receiver.stop);
    log(`Webhook receiver    ${new URL(receiver.webhookUrl).origin} (HMAC-signed generic webhook, Slack)`);

    const github = await startFakeGitHub(DEMO_REPOSITORY);
    cleanup.add('fake GitHub API', github.stop);
    // The repository's settings: both environments exist (deploy-kit refuses one that does not);
    // production asks for a reviewer, as a protected environment should.
    github.seed.environment('staging');
    github.seed.environment('production', {
      protectionRules: [{ type: 'required_reviewers', reviewers: ['octocat'] }],
    });
    log(`Fake GitHub API     ${github.url} (checked against GitHub's OpenAPI description)`);
    return { registry, podman, hosts, receiver, github, images, stop: () => cleanup.run() };
  } catch (error) {
    await cleanup.run();
    throw error;
  }
}
