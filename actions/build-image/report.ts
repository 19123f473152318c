import * as core from '@actions/core';
import { setOutputs, toError, writeSummary, type SummarySection } from '@deploy-kit/action-kit';
import type { ReleasePlan } from '@deploy-kit/release-plan';
import type { Published } from './publish';
import { serviceEntry } from './service-entry';

/** The action's outputs, by their action.yml names. */
export interface BuildImageOutputs {
  [name: string]: string | boolean | undefined;
  image: string;
  version: string;
  environment: string;
  prerelease: boolean;
  /** Newline-separated full references. */
  tags: string;
  digest: string;
  'image-ref': string;
  promoted: boolean;
  /** JSON: every image published, one entry per service (the inputs path: `app`). */
  services: string;
}

export function buildOutputs(plan: ReleasePlan, published: Published, service = 'app'): BuildImageOutputs {
  return {
    image: plan.image,
    version: plan.version,
    environment: plan.environment,
    prerelease: plan.prerelease,
    tags: plan.buildTags.map((tag) => `${plan.image}:${tag}`).join('\n'),
    digest: published.digest ?? '',
    'image-ref': published.digest ? `${plan.image}@${published.digest}` : '',
    promoted: published.method === 'promoted',
    services: JSON.stringify([serviceEntry({ service, plan, published })]),
  };
}

export function summarySections(plan: ReleasePlan, published: Published): SummarySection[] {
  const how =
    published.method === 'promoted'
      ? `promoted from \`${plan.shaTag}\` (no build)`
      : `${published.method}${published.pushed ? ' and pushed' : ', not pushed (push: false)'}`;
  const sections: SummarySection[] = [
    {
      table: {
        header: ['Environment', 'Version', 'Image', 'Prerelease', 'How'],
        rows: [[plan.environment, plan.version, plan.image, plan.prerelease ? 'yes' : 'no', how]],
      },
    },
    {
      text: published.digest
        ? `Image to deploy: \`${plan.image}@${published.digest}\``
        : 'Nothing was pushed, so there is no digest to deploy.',
    },
    {
      heading: 'Tags',
      table: {
        header: ['Tag', 'Digest'],
        rows: published.tags.map(({ tag, digest }) => [`${plan.image}:${tag}`, digest ?? 'not pushed']),
      },
    },
  ];
  const notes = [...plan.warnings.map((w) => `⚠️ ${w}`), ...plan.notices.map((n) => `ℹ️ ${n}`)];
  if (notes.length) sections.push({ heading: 'Notes', text: notes.map((note) => `- ${note}`).join('\n') });
  const moving = plan.tags.filter((tag) => !plan.buildTags.includes(tag));
  if (moving.length) {
    sections.push({
      text: `${moving.map((tag) => `\`${tag}\``).join(', ')} ${moving.length === 1 ? 'moves' : 'move'} to this image once ${plan.environment} is healthy, not at build.`,
    });
  }
  return sections;
}

export async function report(plan: ReleasePlan, published: Published): Promise<BuildImageOutputs> {
  const outputs = buildOutputs(plan, published);
  setOutputs(outputs);
  await writeSummary(
    published.method === 'promoted' ? 'Image promoted' : 'Image built',
    summarySections(plan, published),
  );
  return outputs;
}

/** How far a run got, for the summary of a failed one. */
export interface Progress {
  step: string;
  /** Whether the step that failed may already have written to the registry. */
  wrote: boolean;
  plan?: ReleasePlan;
}

export function failureSections(progress: Progress, error: unknown): SummarySection[] {
  const { plan } = progress;
  const sections: SummarySection[] = [];
  if (plan) {
    sections.push({
      table: {
        header: ['Environment', 'Version', 'Image', 'Tags planned'],
        rows: [[plan.environment, plan.version, plan.image, plan.buildTags.join(', ')]],
      },
    });
  }
  sections.push({ text: `Failed while ${progress.step}: ${toError(error).message}` });
  sections.push({
    text: progress.wrote
      ? 'Some tags may already have been pushed: check the registry before re-running.'
      : 'Nothing was pushed to the registry.',
  });
  return sections;
}

/** A short summary of a failed run; never hides the failure itself. */
export async function writeFailureSummary(progress: Progress, error: unknown): Promise<void> {
  try {
    await writeSummary('Image not published', failureSections(progress, error));
  } catch (summaryError) {
    core.debug(`Could not write the failure summary: ${toError(summaryError).message}`);
  }
}
