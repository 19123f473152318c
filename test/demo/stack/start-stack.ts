import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeGitHub, type FakeGitHub } from '../../github-api';
import { startPodman, startRegistry, startSshd, type Podman, type Registry, type Sshd } from '../../infra';
import { Cleanup } from './cleanup';
import {
  composeDown,
  createComposeEnvironments,
  type ComposeEnvironment,
  type EnvironmentName,
} from './compose-projects';
import { removeImages } from './remove-images';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

/** The consumer repository the demo releases; the fake API serves it and the image is named after it. */
export const DEMO_REPOSITORY = { owner: 'octo-org', repo: 'hello-world' } as const;

export interface Stack {
  registry: Registry;
  podman: Podman;
  sshd: Sshd;
  environments: Record<EnvironmentName, ComposeEnvironment>;
  receiver: WebhookReceiver;
  github: FakeGitHub;
  /** `localhost:PORT/octo-org/hello-world`: the image the release workflow builds and deploys. */
  image: string;
  /** Stops everything started, newest first; returns what could not be stopped. Safe to call twice. */
  stop(): Promise<string[]>;
}

export interface StartStackOptions {
  /** The demo's temp dir; the SSH host's compose projects go under it. */
  workDir: string;
  /** One line per piece as it comes up. */
  log?: (line: string) => void;
}

/**
 * Starts the demo's whole world on 127.0.0.1: an OCI registry, the Podman engine
 * behind the docker CLI, an SSH host whose sessions reach that engine and which
 * holds a compose project per environment, a webhook receiver, and the fake
 * GitHub API. If any piece fails to start, the ones already running are stopped.
 */
export async function startStack(options: StartStackOptions): Promise<Stack> {
  const log = options.log ?? (() => {});
  const cleanup = new Cleanup();
  try {
    // Both at once (they take the longest); allSettled so that one failing never leaves the other unstopped.
    const [registryStart, podmanStart] = await Promise.allSettled([startRegistry(), startPodman()]);
    if (registryStart.status === 'fulfilled') cleanup.add('registry', registryStart.value.stop);
    if (podmanStart.status === 'fulfilled') cleanup.add('podman', podmanStart.value.stop);
    if (registryStart.status === 'rejected') throw registryStart.reason;
    if (podmanStart.status === 'rejected') throw podmanStart.reason;
    const registry = registryStart.value;
    const podman = podmanStart.value;
    const image = `${registry.localhost}/${DEMO_REPOSITORY.owner}/${DEMO_REPOSITORY.repo}`;
    // Runs before Podman stops and after the compose projects are down (stops run newest first).
    cleanup.add('demo images', () => removeImages(image));
    log(`OCI registry        http://${registry.host}`);
    log(`Podman engine       ${podman.dockerHost} (DOCKER_HOST for the docker CLI)`);
    // Remote sessions get the Podman socket and docker config, so `docker compose` on the host works.
    const sshd = await startSshd({ env: stringEnv(podman.env) });
    cleanup.add('sshd', sshd.stop);
    log(`SSH host            ${sshd.user}@${sshd.host}:${sshd.port} (host key checked)`);

    const serverRoot = join(options.workDir, 'server');
    mkdirSync(serverRoot, { recursive: true });
    const environments = await createComposeEnvironments(serverRoot);
    for (const environment of Object.values(environments)) {
      cleanup.add(`compose project ${environment.name}`, () => composeDown(sshd, environment));
      log(`  ${environment.name.padEnd(17)} ${environment.projectDir} -> ${environment.url}`);
    }

    const receiver = await startWebhookReceiver();
    cleanup.add('webhook receiver', receiver.stop);
    log(`Webhook receiver    ${new URL(receiver.webhookUrl).origin} (HMAC-signed generic webhook, Slack)`);

    const github = await startFakeGitHub(DEMO_REPOSITORY);
    cleanup.add('fake GitHub API', github.stop);
    // The consumer's repository settings: both environments exist (pre-deploy-check requires it);
    // production asks for a reviewer, as a protected environment should.
    github.seed.environment('staging');
    github.seed.environment('production', {
      protectionRules: [{ type: 'required_reviewers', reviewers: ['octocat'] }],
    });
    log(`Fake GitHub API     ${github.url} (checked against GitHub's OpenAPI description)`);

    return {
      registry,
      podman,
      sshd,
      environments,
      receiver,
      github,
      image,
      stop: () => cleanup.run(),
    };
  } catch (error) {
    await cleanup.run();
    throw error;
  }
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}
