import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The raw RFC 5322 message as the client sent it. */
  raw: string;
}

export interface Login {
  user: string;
  password: string;
  encrypted: boolean;
}

export interface SmtpSink {
  port: number;
  mails: ReceivedMail[];
  /** Every AUTH that reached the server, and whether the connection was encrypted by then. */
  logins: Login[];
  stop(): Promise<void>;
}

export interface SmtpSinkOptions {
  user: string;
  password: string;
  /** TLS from the first byte (smtps) with this key and certificate. */
  tls?: { key: string; cert: string };
  /** Plain text first, offering STARTTLS with this key and certificate. Without tls or starttls the server has no TLS at all. */
  starttls?: { key: string; cert: string };
  /** Answer the first N messages with `451 try again later`, as a busy server does. */
  deferFirst?: number;
}

/** A real SMTP server on loopback that requires a login and keeps every message it accepts. */
export async function startSmtpSink(options: SmtpSinkOptions): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const logins: Login[] = [];
  let deferred = 0;
  const keys = options.tls ?? options.starttls;
  const server = new SMTPServer({
    secure: options.tls !== undefined,
    // A server with no TLS at all: it neither offers nor accepts STARTTLS, and takes a plain-text login.
    ...(keys ? { key: keys.key, cert: keys.cert } : { disabledCommands: ['STARTTLS'], allowInsecureAuth: true }),
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, session, callback) {
      logins.push({ user: auth.username ?? '', password: auth.password ?? '', encrypted: session.secure });
      if (auth.username === options.user && auth.password === options.password)
        return callback(null, { user: auth.username });
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (deferred < (options.deferFirst ?? 0)) {
          deferred++;
          return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
        }
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        return callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, logins, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
