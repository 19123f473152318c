import * as core from '@actions/core';
import { UserError, maskSecret, readRunContext } from '@deploy-kit/action-kit';
import {
  RegistryAuthError,
  RegistryClient,
  noCredentialsNote,
  registryCredentials,
  type RegistryCredentials,
} from '@deploy-kit/registry';
import { DockerCli } from './docker-cli';
import { readBuildImageInputs } from './inputs';
import { planOffline, planWithRegistry } from './plan-build';
import { buildAndPush, promoteExisting, type Published } from './publish';
import { refuseMovingReleaseTag } from './release-tags';
import { report, writeFailureSummary, type Progress } from './report';

/**
 * build-image: plan the tags from the release, then either promote the image
 * already built for this commit (manifest copy, same digest) or build and
 * push it; report each tag's digest as the registry gives it back. A failed
 * run still leaves a job summary saying what happened and where it stopped.
 */
export async function run(): Promise<void> {
  const progress: Progress = { step: 'reading the inputs', wrote: false };
  let credentials: RegistryCredentials | undefined;
  let registryHost: string | undefined;
  let githubTokenGiven = false;
  try {
    const inputs = readBuildImageInputs();
    const context = readRunContext();
    githubTokenGiven = inputs.githubToken !== undefined;

    progress.step = 'planning the release';
    const first = planOffline(inputs, context);
    progress.plan = first.plan;
    registryHost = first.image.registry;
    credentials = registryCredentials(
      registryHost,
      { username: inputs.username, password: inputs.password, githubToken: inputs.githubToken },
      context.actor,
    );
    if (credentials.source === 'none' && inputs.githubToken && !inputs.password) {
      core.info(
        `${registryHost} is not ghcr.io, so github-token is not sent to it; without registry-password it is used anonymously (docker's stored logins still apply to pushes)`,
      );
    }
    const registry = new RegistryClient({
      username: credentials.username,
      password: credentials.password,
      log: (line) => core.debug(line),
      onSecret: maskSecret,
    });

    progress.step = 'reading the registry';
    const { plan, image, existingTags } = await planWithRegistry(first, inputs, registry);
    progress.plan = plan;
    for (const warning of plan.warnings) core.warning(warning);
    for (const notice of plan.notices) core.notice(notice);
    core.info(`${plan.environment} ${plan.version}: ${plan.buildTags.map((tag) => `${plan.image}:${tag}`).join(', ')}`);
    const moving = plan.tags.filter((tag) => !plan.buildTags.includes(tag));
    if (moving.length) core.info(`${moving.join(', ')} move after ${plan.environment} is healthy, not now`);
    if (inputs.push) await refuseMovingReleaseTag(registry, image, plan, existingTags);

    const deps = { inputs, plan, image, registry, docker: new DockerCli(), credentials };
    let published: Published;
    if (inputs.promote && inputs.push && existingTags.includes(plan.shaTag)) {
      progress.step = 'promoting';
      progress.wrote = true;
      published = await promoteExisting(deps);
    } else {
      if (inputs.promote && !inputs.push && existingTags.includes(plan.shaTag)) {
        core.info(
          `${plan.image}:${plan.shaTag} exists and could be promoted, but push is false: building without registry writes`,
        );
      }
      progress.step = inputs.push ? 'building and pushing' : 'building';
      progress.wrote = inputs.push;
      published = await buildAndPush(deps);
    }
    await report(plan, published);
  } catch (error) {
    const explained =
      error instanceof RegistryAuthError && credentials?.source === 'none' && registryHost
        ? new UserError(`${error.message} ${noCredentialsNote(registryHost, githubTokenGiven)}`)
        : error;
    await writeFailureSummary(progress, explained);
    throw explained;
  }
}
