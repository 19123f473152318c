/**
 * An SMTP server as `smtp://` (STARTTLS required, except to a loopback host)
 * or `smtps://` (TLS from the start).
 */
export interface SmtpServer {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
}

/** Parses an smtp-url; undefined when it is not one, so the caller can name the input. */
export function parseSmtpUrl(text: string): SmtpServer | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') return undefined;
  if (!url.hostname) return undefined;
  const secure = url.protocol === 'smtps:';
  const port = url.port ? Number(url.port) : secure ? 465 : 587;
  const user = url.username ? decodeURIComponent(url.username) : undefined;
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    secure,
    ...(user ? { user } : {}),
    ...(password ? { password } : {}),
  };
}

/**
 * Whether the host is this machine by its very name (localhost, 127.0.0.0/8,
 * ::1): the only place smtp:// may talk without TLS, since nothing it sends
 * leaves the machine. A name that merely resolves to a loopback address does
 * not count: DNS can change its answer.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}
