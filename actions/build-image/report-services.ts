import { setOutputs, writeSummary, type SummarySection } from '@deploy-kit/action-kit';
import type { BuildImageOutputs } from './report';
import { serviceEntry, type ServiceResult } from './service-entry';

/**
 * The outputs of the config file path. `services` carries every image (sorted by service name, as
 * the deploy engine takes them); `image`, `digest` and `image-ref` are set only when one service was
 * published, since one value cannot stand for several images.
 */
export function servicesOutputs(results: readonly ServiceResult[], environment: string): BuildImageOutputs {
  const entries = results.map(serviceEntry).sort((a, b) => a.service.localeCompare(b.service));
  const [first] = results;
  const one = entries.length === 1 ? entries[0] : undefined;
  return {
    image: one?.image ?? '',
    version: first?.plan.version ?? '',
    environment,
    prerelease: first?.plan.prerelease ?? false,
    tags: entries.flatMap((entry) => entry.tags).join('\n'),
    digest: one?.digest ?? '',
    'image-ref': one?.['image-ref'] ?? '',
    promoted: entries.length > 0 && entries.every((entry) => entry.promoted),
    services: JSON.stringify(entries),
  };
}

export function servicesSummary(
  results: readonly ServiceResult[],
  environment: string,
  file: string,
  moving: readonly string[],
): SummarySection[] {
  const [first] = results;
  if (!first) return [];
  const { plan } = first;
  const sections: SummarySection[] = [
    {
      text: `${plan.version}${plan.prerelease ? ' (prerelease)' : ''} for **${environment}**, every service of \`${file}\`:`,
    },
    {
      table: {
        header: ['Service', 'Image', 'How', 'Tags', 'Digest'],
        rows: results.map(({ service, plan: own, published }) => [
          service,
          own.image,
          published.method === 'promoted'
            ? `promoted from \`${own.shaTag}\` (no build)`
            : `${published.method}${published.pushed ? ' and pushed' : ', not pushed (push: false)'}`,
          own.buildTags.join(', '),
          published.digest ?? 'not pushed',
        ]),
      },
    },
  ];
  const notes = [...plan.warnings.map((w) => `⚠️ ${w}`), ...plan.notices.map((n) => `ℹ️ ${n}`)];
  if (notes.length) sections.push({ heading: 'Notes', text: notes.map((note) => `- ${note}`).join('\n') });
  if (moving.length) {
    sections.push({
      text: `${moving.map((tag) => `\`${tag}\``).join(', ')} ${moving.length === 1 ? 'moves' : 'move'} to these images once ${environment} is healthy, not at build.`,
    });
  }
  return sections;
}

export async function reportServices(
  results: readonly ServiceResult[],
  environment: string,
  file: string,
  moving: readonly string[],
): Promise<BuildImageOutputs> {
  const outputs = servicesOutputs(results, environment);
  setOutputs(outputs);
  const title = results.every((r) => r.published.method === 'promoted') ? 'Images promoted' : 'Images built';
  await writeSummary(title, servicesSummary(results, environment, file, moving));
  return outputs;
}
