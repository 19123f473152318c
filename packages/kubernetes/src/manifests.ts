import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { KINDS, kindOf, type KindInfo } from './kinds';
import { unknownFields } from './unknown-fields';

export interface ManifestObject {
  /** Path as the user wrote it (folder + file name). */
  file: string;
  /** 1-based position of the YAML document in its file. */
  document: number;
  info: KindInfo;
  name: string;
  object: Record<string, unknown>;
}

/** One thing wrong, located: `k8s/api.yaml: document 2: spec.replicas: must be integer`. */
export interface ManifestProblem {
  file: string;
  document?: number;
  field?: string;
  message: string;
}

export function formatManifestProblem(p: ManifestProblem): string {
  return [p.file, p.document !== undefined ? `document ${p.document}` : undefined, p.field, p.message]
    .filter((part) => part !== undefined && part !== '')
    .join(': ');
}

export type ManifestsResult =
  { kind: 'ok'; objects: ManifestObject[] } | { kind: 'invalid'; problems: ManifestProblem[] };

/** `/spec/template/spec/containers/0/image` -> `spec.template.spec.containers[0].image` */
export function fieldPath(instancePath: string): string {
  return instancePath
    .split('/')
    .filter((part) => part !== '')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path === '' ? part : `${path}.${part}`), '');
}

function schemaErrors(error: unknown): { field: string; message: string }[] {
  const list =
    typeof error === 'object' && error !== null && Array.isArray((error as { errors?: unknown }).errors)
      ? (error as { errors: unknown[] }).errors
      : [];
  const out: { field: string; message: string }[] = [];
  for (const entry of list) {
    if (typeof entry !== 'object' || entry === null) continue;
    const e = entry as { instancePath?: unknown; message?: unknown; params?: { allowedValues?: unknown } };
    const allowed = Array.isArray(e.params?.allowedValues) ? ` (${e.params.allowedValues.map(String).join(', ')})` : '';
    out.push({
      field: fieldPath(typeof e.instancePath === 'string' ? e.instancePath : ''),
      message: `${typeof e.message === 'string' ? e.message : 'is invalid'}${allowed}`,
    });
  }
  return out.length > 0 ? out : [{ field: '', message: error instanceof Error ? error.message : String(error) }];
}

/**
 * Reads every `.yaml` / `.yml` file directly in `folder` (sorted by name), each possibly holding
 * several documents, and checks each object against its Kubernetes schema. Nothing is contacted:
 * this runs before any API call, and every problem is reported at once.
 */
export async function loadManifests(folder: string, namespace: string): Promise<ManifestsResult> {
  let names: string[];
  try {
    names = (await readdir(folder)).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch {
    return {
      kind: 'invalid',
      problems: [{ file: folder, message: 'the manifests folder does not exist or cannot be read' }],
    };
  }
  if (names.length === 0)
    return {
      kind: 'invalid',
      problems: [{ file: folder, message: 'the manifests folder holds no .yaml or .yml file' }],
    };
  const problems: ManifestProblem[] = [];
  const objects: ManifestObject[] = [];
  for (const name of names) {
    const file = join(folder, name);
    const text = await readFile(file, 'utf8');
    parseAllDocuments(text).forEach((doc, index) => {
      const document = index + 1;
      if (doc.errors.length > 0) {
        for (const error of doc.errors)
          problems.push({ file, document, message: `YAML: ${error.message.split('\n')[0] ?? ''}` });
        return;
      }
      const value: unknown = doc.toJS();
      if (value === null || value === undefined) return; // an empty document (a trailing ---)
      if (typeof value !== 'object' || Array.isArray(value)) {
        problems.push({
          file,
          document,
          message: 'expected a Kubernetes object (a mapping with apiVersion, kind and metadata)',
        });
        return;
      }
      const object = value as Record<string, unknown>;
      const info = kindOf(object.apiVersion, object.kind);
      if (!info) {
        problems.push({
          file,
          document,
          field: 'kind',
          message: `${String(object.apiVersion)} ${String(object.kind)} is not a kind deploy-kit applies; expected one of ${KINDS.map((k) => `${k.apiVersion} ${k.kind}`).join(', ')}`,
        });
        return;
      }
      const metadata = object.metadata as Record<string, unknown> | undefined;
      const objectName = metadata?.name;
      if (typeof objectName !== 'string' || objectName === '') {
        problems.push({ file, document, field: 'metadata.name', message: 'is required' });
        return;
      }
      if (metadata?.namespace !== undefined && metadata.namespace !== namespace) {
        problems.push({
          file,
          document,
          field: 'metadata.namespace',
          message: `is "${String(metadata.namespace)}", but this environment deploys to namespace "${namespace}"; remove it or make it match`,
        });
      }
      const unknown = unknownFields(object, info.model);
      for (const field of unknown)
        problems.push({ file, document, field, message: `unknown field (not in ${info.apiVersion} ${info.kind})` });
      try {
        info.validate(object);
      } catch (error) {
        for (const e of schemaErrors(error)) problems.push({ file, document, field: e.field, message: e.message });
        return;
      }
      if (unknown.length > 0) return;
      const twin = objects.find((o) => o.info === info && o.name === objectName);
      if (twin) {
        problems.push({
          file,
          document,
          message: `${info.kind} "${objectName}" is also defined in ${twin.file} document ${twin.document}`,
        });
        return;
      }
      objects.push({ file, document, info, name: objectName, object });
    });
  }
  return problems.length > 0 ? { kind: 'invalid', problems } : { kind: 'ok', objects };
}
