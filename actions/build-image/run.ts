import * as core from '@actions/core';
import { UserError, maskSecret, readRunContext, type RunContext } from '@deploy-kit/action-kit';
import { releaseEnvironment, tagsAfterHealth, type ConfiguredRelease } from '@deploy-kit/release-plan';
import {
  RegistryAuthError,
  RegistryClient,
  noCredentialsNote,
  registryCredentials,
  type RegistryCredentials,
} from '@deploy-kit/registry';
import { loadBuildConfig, pickServices, serviceInputs } from './config-services';
import { DockerCli } from './docker-cli';
import { readBuildImageInputs, type BuildImageInputs } from './inputs';
import { planOffline, planWithRegistry, type FirstPlan, type PlannedBuild } from './plan-build';
import { buildAndPush, promoteExisting, type Published } from './publish';
import { refuseMovingReleaseTag } from './release-tags';
import { report, writeFailureSummary, type Progress } from './report';
import { reportServices } from './report-services';
import type { ServiceResult } from './service-entry';

/** One image to publish: the inputs path has one (`app`), the config file one per service. */
interface ImageJob {
  service: string;
  inputs: BuildImageInputs;
  first: FirstPlan;
  credentials: RegistryCredentials;
}

/**
 * build-image: plan the tags from the release, then for each image either promote the one already
 * built for this commit (manifest copy, same digest) or build and push it; report each tag's digest
 * as the registry gives it back. Every image is planned and checked before any is pushed. A failed
 * run still leaves a job summary saying what happened and where it stopped.
 */
export async function run(): Promise<void> {
  const progress: Progress = { step: 'reading the inputs', wrote: false };
  let failedJob: ImageJob | undefined;
  let githubTokenGiven = false;
  try {
    const inputs = readBuildImageInputs();
    const context = readRunContext();
    githubTokenGiven = inputs.githubToken !== undefined;
    if (inputs.config === undefined && inputs.services.length) {
      core.warning(
        `services is ignored: ${inputs.configFile} does not exist, so the inputs describe the one image to build (input "config" names the file)`,
      );
    }

    progress.step = 'planning the release';
    const { jobs, released } = await planJobs(inputs, context);
    const environment = released?.environment.name;
    progress.plan = jobs[0]?.first.plan;
    const registry = new RegistryClient({
      credentialsFor: (host) => jobs.find((job) => job.first.image.registry === host)?.credentials ?? {},
      log: (line) => core.debug(line),
      onSecret: maskSecret,
    });

    progress.step = 'reading the registry';
    const planned: PlannedBuild[] = [];
    for (const job of jobs) {
      failedJob = job;
      const build = await planWithRegistry(job.first, job.inputs, registry);
      progress.plan = build.plan;
      if (job === jobs[0]) {
        for (const warning of build.plan.warnings) core.warning(warning);
        for (const notice of build.plan.notices) core.notice(notice);
      }
      const { plan } = build;
      core.info(
        `${environment ?? plan.environment} ${plan.version}: ${plan.buildTags.map((tag) => `${plan.image}:${tag}`).join(', ')}`,
      );
      if (inputs.push) await refuseMovingReleaseTag(registry, build.image, plan, build.existingTags);
      planned.push(build);
    }
    const moving = movingLater(planned[0], released, inputs.semverTags);
    if (moving.length) {
      core.info(`${moving.join(', ')} move after ${environment ?? planned[0]?.plan.environment} is healthy, not now`);
    }

    const results: ServiceResult[] = [];
    for (const [index, job] of jobs.entries()) {
      failedJob = job;
      const build = planned[index] as PlannedBuild;
      progress.plan = build.plan;
      const published = await publish(job, build, registry, progress);
      results.push({ service: job.service, plan: build.plan, published });
    }
    failedJob = undefined;
    const [only] = results;
    if (inputs.config === undefined && only) await report(only.plan, only.published);
    else await reportServices(results, environment ?? '', inputs.config ?? '', moving);
  } catch (error) {
    const credentials = failedJob?.credentials;
    const registryHost = failedJob?.first.image.registry;
    const explained =
      error instanceof RegistryAuthError && credentials?.source === 'none' && registryHost
        ? new UserError(`${error.message} ${noCredentialsNote(registryHost, githubTokenGiven)}`)
        : error;
    await writeFailureSummary(progress, explained);
    throw explained;
  }
}

/**
 * Every image to publish, planned without the registry: a refused release, an unknown environment
 * or a bad config file fails here, before any network call. The image each names also decides which
 * credentials its registry may see.
 */
async function planJobs(
  inputs: BuildImageInputs,
  context: RunContext,
): Promise<{ jobs: ImageJob[]; released?: ConfiguredRelease }> {
  if (inputs.config === undefined) return { jobs: [job('app', inputs, planOffline(inputs, context), context)] };
  const config = await loadBuildConfig(inputs.config, context.repository);
  const services = pickServices(config, inputs.services);
  const released = releaseEnvironment(config, {
    eventName: context.eventName,
    payload: context.payload,
    sha: context.sha,
    ref: context.ref,
    repository: context.repository,
    version: inputs.version,
    environment: inputs.environmentName,
    semverTags: inputs.semverTags,
    allowNonSemver: inputs.allowNonSemver,
  });
  core.info(
    `${config.source}: ${released.version} goes to ${released.environment.name}; building ${services.map((s) => s.name).join(', ')}`,
  );
  const jobs = services.map((service) => {
    const own: BuildImageInputs = {
      ...serviceInputs(inputs, service),
      // A dispatch names the environment: tell the planner what it is (production or not).
      environment: inputs.environmentName ? released.plannerEnvironment : undefined,
    };
    return job(service.name, own, planOffline(own, context), context);
  });
  return { jobs, released };
}

/** The moving tags that will follow this release once it is healthy (said now, moved by the deploy). */
function movingLater(
  build: PlannedBuild | undefined,
  released: ConfiguredRelease | undefined,
  semverTags: boolean,
): string[] {
  if (!build) return [];
  const { plan } = build;
  if (!released) return plan.tags.filter((tag) => !plan.buildTags.includes(tag));
  return tagsAfterHealth({
    environment: released.environment.name,
    takes: released.environment.on,
    version: plan.version,
    prerelease: plan.prerelease,
    semverTags,
    existingTags: build.existingTags,
  }).tags;
}

function job(service: string, inputs: BuildImageInputs, first: FirstPlan, context: RunContext): ImageJob {
  const registry = first.image.registry;
  const credentials = registryCredentials(
    registry,
    { username: inputs.username, password: inputs.password, githubToken: inputs.githubToken },
    context.actor,
  );
  if (credentials.source === 'none' && inputs.githubToken && !inputs.password) {
    core.info(
      `${registry} is not ghcr.io, so github-token is not sent to it; without registry-password it is used anonymously (docker's stored logins still apply to pushes)`,
    );
  }
  return { service, inputs, first, credentials };
}

async function publish(
  job: ImageJob,
  build: PlannedBuild,
  registry: RegistryClient,
  progress: Progress,
): Promise<Published> {
  const { inputs, credentials } = job;
  const { plan, image, existingTags } = build;
  const which = inputs.config === undefined ? '' : ` ${job.service}`;
  const deps = { inputs, plan, image, registry, docker: new DockerCli(), credentials };
  if (inputs.promote && inputs.push && existingTags.includes(plan.shaTag)) {
    progress.step = `promoting${which}`;
    progress.wrote = true;
    return promoteExisting(deps);
  }
  if (inputs.promote && !inputs.push && existingTags.includes(plan.shaTag)) {
    core.info(
      `${plan.image}:${plan.shaTag} exists and could be promoted, but push is false: building without registry writes`,
    );
  }
  progress.step = inputs.push ? `building and pushing${which}` : `building${which}`;
  progress.wrote = progress.wrote || inputs.push;
  return buildAndPush(deps);
}
