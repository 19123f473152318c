/** An HTTP token, as RFC 9110 defines header field names. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export class HeaderSyntaxError extends Error {
  override name = 'HeaderSyntaxError';
}

/** Parses one `Name: value` line of the `headers` input. */
export function parseHeaderLine(line: string): [string, string] {
  const colon = line.indexOf(':');
  if (colon <= 0) throw new HeaderSyntaxError('expected "Name: value"');
  const name = line.slice(0, colon).trim();
  const value = line.slice(colon + 1).trim();
  if (!TOKEN.test(name)) throw new HeaderSyntaxError(`"${name}" is not a valid header name`);
  if (/[\r\n\0]/.test(value)) throw new HeaderSyntaxError(`the value of ${name} holds a control character`);
  return [name, value];
}

/** Header names whose values are credentials and get masked in logs. */
export function isSensitiveHeader(name: string): boolean {
  return /^(authorization|proxy-authorization|cookie)$|token|secret|key|auth|session|password/i.test(name);
}
