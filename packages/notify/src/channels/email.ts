import nodemailer from 'nodemailer';
import type { AttemptOutcome, Channel } from '../channel';
import { snippet } from '../redact';
import { isLoopbackHost, type SmtpServer } from '../smtp-url';
import { emailHtml, emailText } from './email-body';

export interface EmailSettings {
  server: SmtpServer;
  /** The smtp-url as given, kept only to keep it out of messages. */
  url: string;
  to: string[];
  from: string;
}

interface SmtpFailure {
  code?: string;
  responseCode?: number;
  message?: string;
}

// 4xx SMTP replies are "try again later"; so is a refused connection.
function describeSmtpFailure(error: unknown): AttemptOutcome {
  const failure = (error ?? {}) as SmtpFailure;
  const message = snippet(failure.message ?? String(error));
  // A refused login also carries a 5xx reply code; say what it means.
  // With requireTLS, a server without STARTTLS answers the STARTTLS command with an error
  // reply; a failed TLS handshake has no reply code and is described below like any other.
  if (failure.code === 'ETLS' && failure.responseCode !== undefined) {
    return {
      ok: false,
      retry: false,
      reason: `the server does not offer STARTTLS (SMTP ${failure.responseCode}), so nothing was sent: smtp:// sends the login and the message only over TLS; use smtps:// or a server with STARTTLS`,
    };
  }
  if (failure.code === 'EAUTH') return { ok: false, retry: false, reason: `login refused (${message})` };
  if (failure.responseCode !== undefined) {
    return {
      ok: false,
      retry: failure.responseCode >= 400 && failure.responseCode < 500,
      reason: `SMTP ${failure.responseCode}: ${message}`,
    };
  }
  if (failure.code === 'ETIMEDOUT') return { ok: false, retry: false, reason: `no answer in time (${message})` };
  if (failure.code === 'EDNS') return { ok: false, retry: false, reason: 'host not found (DNS lookup failed)' };
  return {
    ok: false,
    retry: failure.code === 'ECONNECTION',
    reason: `${failure.code ? `${failure.code}: ` : ''}${message}`,
  };
}

export function emailChannel(settings: EmailSettings): Channel {
  const { server } = settings;
  const secrets = [settings.url, ...(server.password ? [server.password, encodeURIComponent(server.password)] : [])];
  return {
    name: 'email',
    destination: `${server.host}:${server.port}`,
    secrets,
    async attempt(event, content, context) {
      // One transport per attempt: a failed connection is not reused, and nothing stays open afterwards.
      const transport = nodemailer.createTransport({
        host: server.host,
        port: server.port,
        secure: server.secure,
        // Without requireTLS nodemailer only upgrades when the server offers STARTTLS, so a
        // server (or anyone in between) that leaves it out would get the password in plain
        // text. Plain text stays allowed to this machine only, where nothing leaves it.
        requireTLS: !server.secure && !isLoopbackHost(server.host),
        ...(server.user ? { auth: { user: server.user, pass: server.password ?? '' } } : {}),
        connectionTimeout: context.timeoutMs,
        greetingTimeout: context.timeoutMs,
        socketTimeout: context.timeoutMs,
      });
      try {
        const info = await transport.sendMail({
          from: settings.from,
          to: settings.to,
          subject: content.title,
          text: emailText(content),
          html: emailHtml(content),
          headers: { 'X-Deploy-Kit-Status': event.status, 'X-Deploy-Kit-Delivery': context.deliveryId },
        });
        const rejected = (info.rejected ?? []).map(String);
        if (rejected.length) return { ok: false, retry: false, reason: `the server refused ${rejected.join(', ')}` };
        return {
          ok: true,
          detail: `accepted for ${settings.to.length} recipient${settings.to.length === 1 ? '' : 's'}`,
        };
      } catch (error) {
        return describeSmtpFailure(error);
      } finally {
        transport.close();
      }
    },
  };
}
