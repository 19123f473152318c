import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * GitHub lists an organisation's starter workflows from `<name>.yml` plus
 * `<name>.properties.json` holding name, description, iconName and
 * categories; without a valid properties file the workflow is not offered.
 */
export function findStarterPropertyProblems(workflowPath: string, shownAs: string): string[] {
  const propertiesPath = workflowPath.replace(/\.ya?ml$/, '.properties.json');
  const shown = shownAs.replace(/\.ya?ml$/, '.properties.json');
  if (!existsSync(propertiesPath)) return [`${shown} is missing`];
  let properties: Record<string, unknown>;
  try {
    properties = JSON.parse(readFileSync(propertiesPath, 'utf8')) as Record<string, unknown>;
  } catch {
    return [`${shown} is not valid JSON`];
  }
  const findings: string[] = [];
  for (const key of ['name', 'description']) {
    if (typeof properties[key] !== 'string' || !(properties[key] as string).trim())
      findings.push(`${shown}: "${key}" must be a non-empty string`);
  }
  const icon = properties.iconName;
  if (
    typeof icon !== 'string' ||
    !(/^octicon [a-z0-9-]+$/.test(icon) || existsSync(join(dirname(propertiesPath), `${icon}.svg`)))
  ) {
    findings.push(`${shown}: "iconName" must be "octicon <name>" or the name of an .svg next to it`);
  }
  const categories = properties.categories;
  if (!Array.isArray(categories) || !categories.length || categories.some((c) => typeof c !== 'string')) {
    findings.push(`${shown}: "categories" must be a non-empty list of strings`);
  }
  const known = new Set(['name', 'description', 'iconName', 'categories', 'filePatterns', 'creator', 'labels']);
  for (const key of Object.keys(properties)) if (!known.has(key)) findings.push(`${shown}: unknown key "${key}"`);
  return findings;
}
