import * as client from '@kubernetes/client-node';

interface Attribute {
  baseName: string;
  type: string;
}

/** The official client's generated model of `type` (e.g. `V1DeploymentSpec`), if it is one. */
function attributesOf(type: string): Attribute[] | undefined {
  const model: unknown = (client as unknown as Record<string, unknown>)[type];
  if (typeof model !== 'function' || !('getAttributeTypeMap' in model)) return undefined;
  return (model as { getAttributeTypeMap(): Attribute[] }).getAttributeTypeMap();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Fields the API does not have, as `spec.template.spec.containers[0].imagePullPolcy`. The JSON
 * schemas accept unknown fields, but the API server's strict field validation (which deploy-kit
 * asks for) refuses them; finding them here keeps a typo from failing half-way through an apply.
 * The field lists are the official client's generated models.
 */
export function unknownFields(value: unknown, type: string, path = ''): string[] {
  const array = /^Array<(.+)>$/.exec(type);
  if (array)
    return Array.isArray(value)
      ? value.flatMap((item, index) => unknownFields(item, array[1] ?? '', `${path}[${index}]`))
      : [];
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map)
    return isRecord(value)
      ? Object.entries(value).flatMap(([key, item]) => unknownFields(item, map[1] ?? '', `${path}.${key}`))
      : [];
  const attributes = attributesOf(type);
  if (!attributes || !isRecord(value)) return [];
  const out: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    const attribute = attributes.find((a) => a.baseName === key);
    const field = path === '' ? key : `${path}.${key}`;
    if (!attribute) out.push(field);
    else out.push(...unknownFields(item, attribute.type, field));
  }
  return out;
}
