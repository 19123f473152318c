import * as core from '@actions/core';
import { maskSecret, readRunContext } from '@deploy-kit/action-kit';
import { RegistryClient } from '@deploy-kit/registry';
import { DockerCli } from './docker-cli';
import { readBuildImageInputs } from './inputs';
import { planBuild } from './plan-build';
import { buildAndPush, promoteExisting, type Published } from './publish';
import { report } from './report';

/**
 * build-image: plan the tags from the release, then either promote the image
 * already built for this commit (manifest copy, same digest) or build and
 * push it; report each tag's digest as the registry gives it back.
 */
export async function run(): Promise<void> {
  const inputs = readBuildImageInputs();
  const context = readRunContext();
  const username = inputs.username ?? context.actor;
  const registry = new RegistryClient({
    username: inputs.password ? username : undefined,
    password: inputs.password,
    log: (line) => core.debug(line),
    onSecret: maskSecret,
  });

  const { plan, image, existingTags } = await planBuild(inputs, context, registry);
  for (const warning of plan.warnings) core.warning(warning);
  for (const notice of plan.notices) core.notice(notice);
  core.info(`${plan.environment} ${plan.version}: ${plan.tags.map((tag) => `${plan.image}:${tag}`).join(', ')}`);

  const deps = { inputs, plan, image, registry, docker: new DockerCli(), username };
  let published: Published;
  if (inputs.promote && inputs.push && existingTags.includes(plan.shaTag)) {
    published = await promoteExisting(deps);
  } else {
    if (inputs.promote && !inputs.push && existingTags.includes(plan.shaTag)) {
      core.info(
        `${plan.image}:${plan.shaTag} exists and could be promoted, but push is false: building without registry writes`,
      );
    }
    published = await buildAndPush(deps);
  }
  await report(plan, published);
}
