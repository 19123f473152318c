import type { DeployEvent } from './event';

/** The placeholders a `message` template may use, and where each value comes from. */
const PLACEHOLDERS = {
  status: (e: DeployEvent) => e.status,
  environment: (e: DeployEvent) => e.environment,
  version: (e: DeployEvent) => e.version,
  url: (e: DeployEvent) => e.environmentUrl,
  repository: (e: DeployEvent) => e.repository,
  sha: (e: DeployEvent) => e.sha,
  actor: (e: DeployEvent) => e.actor,
  run_url: (e: DeployEvent) => e.runUrl,
} satisfies Record<string, (event: DeployEvent) => string | undefined>;

export const TEMPLATE_PLACEHOLDERS = Object.keys(PLACEHOLDERS);

// Only `{word}` is a placeholder, so JSON-ish text or `{ }` in a message is left alone.
const PLACEHOLDER = /\{([a-z_]+)\}/g;

/** Placeholders in the template that do not exist (a typo such as `{env}`). */
export function unknownPlaceholders(template: string): string[] {
  const unknown = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] as string;
    if (!(name in PLACEHOLDERS)) unknown.add(`{${name}}`);
  }
  return [...unknown];
}

/** Fills a template; a placeholder whose value is unknown becomes empty. */
export function renderTemplate(template: string, event: DeployEvent): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const read = (PLACEHOLDERS as Record<string, (e: DeployEvent) => string | undefined>)[name];
    return read ? (read(event) ?? '') : whole;
  });
}
