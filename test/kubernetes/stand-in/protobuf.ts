/**
 * kubectl sends some bodies as Kubernetes protobuf (`auth can-i` posts its SelfSubjectAccessReview
 * that way). This reads just that: the `k8s\0` envelope (runtime.Unknown) and the review's
 * resource attributes, into the JSON shape the schema check and the handler use.
 */
type Fields = Map<number, (Buffer | number)[]>;

function readVarint(buf: Buffer, offset: number): [number, number] {
  let value = 0;
  let shift = 0;
  let pos = offset;
  for (;;) {
    const byte = buf[pos];
    if (byte === undefined) throw new Error('truncated varint');
    value += (byte & 0x7f) * 2 ** shift;
    pos += 1;
    if ((byte & 0x80) === 0) return [value, pos];
    shift += 7;
  }
}

function fields(buf: Buffer): Fields {
  const out: Fields = new Map();
  let pos = 0;
  while (pos < buf.length) {
    const [key, afterKey] = readVarint(buf, pos);
    const field = Math.floor(key / 8);
    const wire = key % 8;
    let value: Buffer | number;
    if (wire === 0) {
      [value, pos] = readVarint(buf, afterKey);
    } else if (wire === 2) {
      const [length, start] = readVarint(buf, afterKey);
      value = buf.subarray(start, start + length);
      pos = start + length;
    } else {
      throw new Error(`unsupported protobuf wire type ${wire}`);
    }
    out.set(field, [...(out.get(field) ?? []), value]);
  }
  return out;
}

function bytes(f: Fields, n: number): Buffer | undefined {
  const value = f.get(n)?.[0];
  return Buffer.isBuffer(value) ? value : undefined;
}

function text(f: Fields, n: number): string | undefined {
  return bytes(f, n)?.toString('utf8');
}

/** Decodes a protobuf SelfSubjectAccessReview request body to its JSON form. */
export function decodeAccessReview(body: Buffer): Record<string, unknown> {
  if (body.subarray(0, 4).toString('latin1') !== 'k8s\u0000') throw new Error('not a Kubernetes protobuf envelope');
  const unknown = fields(body.subarray(4));
  const typeMeta = fields(bytes(unknown, 1) ?? Buffer.alloc(0));
  const review = fields(bytes(unknown, 2) ?? Buffer.alloc(0));
  const spec = fields(bytes(review, 2) ?? Buffer.alloc(0));
  const attributes = bytes(spec, 1);
  const resourceAttributes: Record<string, string> = {};
  if (attributes) {
    const a = fields(attributes);
    const names = ['', 'namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name'];
    names.forEach((name, index) => {
      const value = index > 0 ? text(a, index) : undefined;
      if (value !== undefined && value !== '') resourceAttributes[name] = value;
    });
  }
  return {
    apiVersion: text(typeMeta, 1),
    kind: text(typeMeta, 2),
    spec: attributes ? { resourceAttributes } : {},
  };
}
