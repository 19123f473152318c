import { objectField, stringField, type JsonObject } from './payload';

export interface LabelSource {
  payload: JsonObject;
  repository: string;
  serverUrl: string;
  sha: string;
  version: string;
  created: Date;
  extraLabels?: Record<string, string>;
}

const PREFIX = 'org.opencontainers.image';

/**
 * OCI annotation labels. Facts the payload does not carry (a repository with
 * no description or license) are left out instead of being set to "".
 * GitHub reports an unrecognised license as NOASSERTION, which is not a license.
 */
export function ociLabels(source: LabelSource): Record<string, string> {
  const repo = objectField(source.payload, 'repository');
  const htmlUrl = stringField(repo, 'html_url') ?? `${source.serverUrl.replace(/\/+$/, '')}/${source.repository}`;
  const title = stringField(repo, 'name') ?? source.repository.split('/')[1] ?? source.repository;
  const description = stringField(repo, 'description');
  const license = stringField(objectField(repo, 'license'), 'spdx_id');

  const labels: Record<string, string> = {
    [`${PREFIX}.source`]: htmlUrl,
    [`${PREFIX}.revision`]: source.sha,
    [`${PREFIX}.version`]: source.version,
    [`${PREFIX}.created`]: source.created.toISOString(),
    [`${PREFIX}.title`]: title,
  };
  if (description) labels[`${PREFIX}.description`] = description;
  if (license && license !== 'NOASSERTION') labels[`${PREFIX}.licenses`] = license;
  return { ...labels, ...source.extraLabels };
}
