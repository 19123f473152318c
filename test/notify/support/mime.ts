/**
 * Just enough of RFC 2045-2047 to read what nodemailer sends: headers
 * (folded, with encoded words), multipart bodies and quoted-printable or
 * base64 parts. Kept in the tests so the email is checked as a mail client
 * would see it, not as the sender meant it.
 */
export interface MailPart {
  headers: Map<string, string>;
  body: string;
}

export interface ParsedMail {
  headers: Map<string, string>;
  /** Leaf parts by content type (`text/plain`, `text/html`). */
  parts: Map<string, string>;
}

function splitHead(raw: string): { head: string; body: string } {
  const at = raw.indexOf('\r\n\r\n');
  if (at >= 0) return { head: raw.slice(0, at), body: raw.slice(at + 4) };
  const lf = raw.indexOf('\n\n');
  return lf >= 0 ? { head: raw.slice(0, lf), body: raw.slice(lf + 2) } : { head: raw, body: '' };
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_all, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

function parseHeaders(head: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  return headers;
}

export function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const joined = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i] as string, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    default:
      return body;
  }
}

function collectParts(head: Map<string, string>, body: string, into: Map<string, string>): void {
  const type = head.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const sections = body.split(`--${boundary}`).slice(1);
    for (const section of sections) {
      if (section.startsWith('--')) break;
      const { head: partHead, body: partBody } = splitHead(section.replace(/^\r?\n/, ''));
      collectParts(parseHeaders(partHead), partBody.replace(/\r?\n$/, ''), into);
    }
    return;
  }
  into.set(
    (type.split(';')[0] as string).trim().toLowerCase(),
    decodeBody(body, head.get('content-transfer-encoding')),
  );
}

export function parseMail(raw: string): ParsedMail {
  const { head, body } = splitHead(raw);
  const headers = parseHeaders(head);
  const parts = new Map<string, string>();
  collectParts(headers, body, parts);
  return { headers, parts };
}
