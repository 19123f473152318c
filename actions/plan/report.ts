import { setOutputs, writeSummary, type SummarySection } from '@deploy-kit/action-kit';
import type { PlanResult } from './types';

/** The action's outputs, by their action.yml names. */
export interface PlanOutputs {
  [name: string]: string | boolean;
  deploy: boolean;
  environment: string;
  version: string;
  /** JSON: every service with its image and this environment's health URLs. */
  services: string;
  /** Every health URL of the environment, one per line. */
  'health-urls': string;
  'environment-url': string;
  /** Where the settings came from: the config file's path, or `inputs` (no file). */
  source: string;
}

export function planOutputs(result: PlanResult): PlanOutputs {
  if (result.kind === 'skip') {
    return {
      deploy: false,
      environment: '',
      version: '',
      services: '[]',
      'health-urls': '',
      'environment-url': '',
      source: '',
    };
  }
  return {
    deploy: true,
    environment: result.environment,
    version: result.version,
    services: JSON.stringify(result.services),
    'health-urls': result.healthUrls.join('\n'),
    'environment-url': result.environmentUrl,
    source: result.source,
  };
}

const passed = (present: boolean, checked: boolean) =>
  present ? 'yes' : checked ? 'no (empty)' : 'not checked here (the job with the environment checks it)';

export function planSummary(result: PlanResult, checked = true): SummarySection[] {
  if (result.kind === 'skip') return [{ text: result.reason }];
  const sections: SummarySection[] = [
    {
      table: {
        header: ['Environment', 'Version', 'Settings from'],
        rows: [[result.environment, result.version || '(chosen by the deploy)', result.source]],
      },
    },
    {
      heading: 'Services',
      table: {
        header: ['Service', 'Image', 'Health URLs'],
        rows: result.services.map((service) => [
          service.service,
          service.image,
          service.healthUrls.join(', ') || 'not checked here',
        ]),
      },
    },
  ];
  if (result.secrets.length) {
    sections.push({
      heading: 'Secrets',
      table: {
        header: ['Secret', 'For', 'Passed'],
        rows: result.secrets.map((secret) => [secret.name, secret.purpose, passed(secret.present, checked)]),
      },
    });
  }
  const notes = [...result.warnings.map((w) => `⚠️ ${w}`), ...result.notices.map((n) => `ℹ️ ${n}`)];
  if (notes.length) sections.push({ heading: 'Notes', text: notes.map((note) => `- ${note}`).join('\n') });
  return sections;
}

export async function report(result: PlanResult, checked = true): Promise<PlanOutputs> {
  const outputs = planOutputs(result);
  setOutputs(outputs);
  await writeSummary(
    result.kind === 'skip' ? 'Nothing to deploy' : `Plan: ${result.environment}`,
    planSummary(result, checked),
  );
  return outputs;
}
