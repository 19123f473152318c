import * as core from '@actions/core';
import { UserError } from '@deploy-kit/action-kit';
import type { ReleasePlan } from '@deploy-kit/release-plan';
import {
  DOCKER_HUB,
  formatImageReference,
  imageName,
  type ImageReference,
  type RegistryClient,
} from '@deploy-kit/registry';
import { buildCommand } from './build-command';
import type { RegistryCredentials } from '@deploy-kit/registry';
import type { DockerCli } from './docker-cli';
import type { BuildImageInputs } from './inputs';

export interface Published {
  /** How the tags came to be. */
  method: 'promoted' | 'built with docker buildx' | 'built with docker build';
  pushed: boolean;
  /** Each planned tag and the digest the registry now gives it (undefined when not pushed). */
  tags: { tag: string; digest?: string }[];
  digest?: string;
}

interface PublishDeps {
  inputs: BuildImageInputs;
  plan: ReleasePlan;
  image: ImageReference;
  registry: RegistryClient;
  docker: DockerCli;
  credentials: RegistryCredentials;
}

/**
 * The tags pushed at build, the immutable sha tag first: only the version and sha tags. The moving
 * tags (`latest`, `staging`, `vX.Y`, `vX`) move after a healthy deploy (tagsAfterHealth + moveTags),
 * so a release that fails or is rolled back never holds them.
 */
function pushOrder(plan: ReleasePlan): string[] {
  return [plan.shaTag, ...plan.buildTags.filter((tag) => tag !== plan.shaTag)];
}

/** Points the planned tags at the image already built for this commit: no build, no blob. */
export async function promoteExisting({ plan, image, registry }: PublishDeps): Promise<Published> {
  const source: ImageReference = { ...image, tag: plan.shaTag };
  core.info(
    `${formatImageReference(source)} already exists: promoting it to ${pushOrder(plan).slice(1).join(', ')} (no build)`,
  );
  const { digest } = await registry.promote(source, pushOrder(plan).slice(1));
  return { method: 'promoted', pushed: true, tags: await readBack(registry, image, plan, digest), digest };
}

/** Builds the image, and when push is true pushes every planned tag and reads the digest back. */
export async function buildAndPush(deps: PublishDeps): Promise<Published> {
  const { inputs, plan, image, registry, docker, credentials } = deps;
  const buildx = await docker.hasBuildx();
  if (!buildx && inputs.platforms.length > 1) {
    throw new UserError(
      `Building for several platforms (${inputs.platforms.join(', ')}) needs docker buildx, which this runner lacks; add docker/setup-buildx-action or give one platform`,
    );
  }
  if (!buildx && inputs.cache !== 'none')
    core.notice(`cache: ${inputs.cache} is ignored: docker buildx is not available, building with the classic builder`);
  const name = imageName(image);
  const refs = pushOrder(plan).map((tag) => `${name}:${tag}`);
  const loginServer = image.registry === DOCKER_HUB ? undefined : image.registry;
  const { username, password } = credentials;
  const login = inputs.push && password !== undefined && username !== undefined ? { username, password } : undefined;
  if (inputs.push && !login)
    core.info(`No registry password for ${image.registry}: pushing with whatever credentials docker already has`);
  if (login) await docker.login(loginServer, login.username, login.password);
  try {
    const args = buildCommand({
      buildx,
      context: inputs.context,
      file: inputs.file,
      refs,
      labels: plan.labels,
      buildArgs: inputs.buildArgs,
      platforms: inputs.platforms,
      push: inputs.push,
      cache: inputs.cache,
      image: name,
    });
    await docker.build(args, buildx ? {} : { DOCKER_BUILDKIT: '0' }, image.registry);
    const method = buildx ? 'built with docker buildx' : 'built with docker build';
    if (!inputs.push) {
      core.info('push is false: the image was built but nothing was pushed to the registry');
      return { method, pushed: false, tags: refs.map((ref) => ({ tag: ref.slice(name.length + 1) })) };
    }
    if (!buildx) {
      // One push of the immutable tag, then a manifest copy for the rest: every tag gets the
      // very same manifest (the engine may re-serialise it per push) and layers go up once.
      await docker.push(refs[0] as string);
      await registry.promote({ ...image, tag: plan.shaTag }, pushOrder(plan).slice(1));
    }
    const built = await registry.resolve({ ...image, tag: plan.shaTag });
    if (!built) throw new UserError(`The push reported success but ${name}:${plan.shaTag} is not in the registry`);
    return { method, pushed: true, tags: await readBack(registry, image, plan, built.digest), digest: built.digest };
  } finally {
    if (login) await docker.logout(loginServer);
  }
}

/** What the registry itself now says each tag points at; all must be the one digest. */
async function readBack(
  registry: RegistryClient,
  image: ImageReference,
  plan: ReleasePlan,
  digest: string,
): Promise<{ tag: string; digest: string }[]> {
  const tags: { tag: string; digest: string }[] = [];
  for (const tag of plan.buildTags) {
    const found = await registry.resolve({ ...image, tag });
    if (!found) throw new UserError(`${imageName(image)}:${tag} is missing from the registry after pushing`);
    if (found.digest !== digest)
      throw new UserError(`${imageName(image)}:${tag} points at ${found.digest}, not the pushed ${digest}`);
    tags.push({ tag, digest: found.digest });
  }
  return tags;
}
