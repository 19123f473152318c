import { afterEach, describe, expect, it } from '@jest/globals';
import { resolve } from 'node:path';
import { leakedSecrets, runBundledAction } from '../support/run-bundled-action';
import { testCertificate } from './support/certificate';
import { parseMail } from './support/mime';
import { visibleOutput } from './support/secrets';
import { startSmtpSink, type SmtpSink } from './support/smtp';

const USER = 'releases@example.com';
const PASSWORD = 'Sm7p-s3cret/with:odd@chars';
const smtpUrl = (scheme: string, port: number, password = PASSWORD) =>
  `${scheme}://${encodeURIComponent(USER)}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
const secretsOf = (url: string, password = PASSWORD) => [url, password, encodeURIComponent(password)];

// A host that is not loopback by its name (so smtp:// must use TLS), reaching the server on 127.0.0.1
// through a DNS stub preloaded into the action; the test certificate is valid for this name.
const REMOTE_NAME = 'smtp.deploy-kit.test';
const remoteUrl = (port: number) =>
  `smtp://${encodeURIComponent(USER)}:${encodeURIComponent(PASSWORD)}@${REMOTE_NAME}:${port}`;
const remoteEnv = (certPath: string) => ({
  NODE_OPTIONS: `--import=${resolve(import.meta.dirname, 'support/loopback-dns.mjs')}`,
  DEPLOY_KIT_TEST_LOOPBACK_NAMES: REMOTE_NAME,
  NODE_EXTRA_CA_CERTS: certPath,
});

describe('notify action: email', () => {
  const certificate = testCertificate();
  const sinks: SmtpSink[] = [];
  const sink = async (options: Parameters<typeof startSmtpSink>[0]) => {
    const started = await startSmtpSink(options);
    sinks.push(started);
    return started;
  };

  afterEach(async () => {
    await Promise.all(sinks.splice(0).map((s) => s.stop()));
  });

  it('sends over smtps (TLS from the start), from the SMTP user when email-from is not set', async () => {
    const smtp = await sink({ user: USER, password: PASSWORD, tls: { key: certificate.key, cert: certificate.cert } });
    const url = smtpUrl('smtps', smtp.port);
    const run = await runBundledAction('notify', {
      inputs: {
        status: 'rolled-back',
        environment: 'production',
        version: 'v1.1.9',
        'smtp-url': url,
        'email-to': 'oncall@example.com',
      },
      // The runner would trust a real certificate; here the test's own one is trusted the standard Node way.
      env: { NODE_EXTRA_CA_CERTS: certificate.certPath },
      timeoutMs: 60_000,
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.delivered).toBe('email');
    expect(smtp.mails).toHaveLength(1);
    const mail = parseMail(smtp.mails[0]!.raw);
    expect(mail.headers.get('from')).toBe(USER);
    expect(mail.headers.get('subject')).toBe('↩️ Rolled back production to hello-world v1.1.9');
    expect(mail.parts.get('text/plain')).toContain('Status:      ↩️ rolled-back');
    expect(mail.parts.get('text/html')).toContain('#BF8700');
    expect(leakedSecrets(visibleOutput(run), secretsOf(url))).toEqual([]);
  });

  it('refuses a certificate it cannot verify, as a warning', async () => {
    const smtp = await sink({ user: USER, password: PASSWORD, tls: { key: certificate.key, cert: certificate.cert } });
    const url = smtpUrl('smtps', smtp.port);
    const run = await runBundledAction('notify', {
      inputs: { status: 'success', 'smtp-url': url, 'email-to': 'oncall@example.com' },
      timeoutMs: 60_000,
    });
    expect(run.exitCode).toBe(0);
    expect(smtp.mails).toHaveLength(0);
    expect(smtp.logins).toHaveLength(0);
    expect(run.log).toMatch(/::warning::Notification to email failed: 127\.0\.0\.1:\d+: .*self-signed certificate/);
    expect(run.outputs.failed).toBe('email');
    expect(leakedSecrets(visibleOutput(run), secretsOf(url))).toEqual([]);
  });

  it('retries a 451 "try again later" and delivers on the next attempt', async () => {
    const smtp = await sink({ user: USER, password: PASSWORD, deferFirst: 1, starttls: certificate });
    const url = smtpUrl('smtp', smtp.port);
    const run = await runBundledAction('notify', {
      inputs: { status: 'success', 'smtp-url': url, 'email-to': 'oncall@example.com', 'fail-on-error': 'true' },
      env: { NODE_EXTRA_CA_CERTS: certificate.certPath },
      timeoutMs: 60_000,
    });
    expect(run.exitCode).toBe(0);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.logins.map((login) => login.encrypted)).toEqual([true, true]);
    expect(run.log).toMatch(/email \(127\.0\.0\.1:\d+\): SMTP 451: .*\(attempt 1 of 3\); retrying in/);
    expect(run.summary).toMatch(/\| email \| 127\.0\.0\.1:\d+ \| ✅ delivered \| 2 \|/);
    expect(leakedSecrets(visibleOutput(run), secretsOf(url))).toEqual([]);
  });

  it('upgrades smtp:// with STARTTLS before logging in to a remote server', async () => {
    const smtp = await sink({ user: USER, password: PASSWORD, starttls: certificate });
    const url = remoteUrl(smtp.port);
    const run = await runBundledAction('notify', {
      inputs: { status: 'success', 'smtp-url': url, 'email-to': 'oncall@example.com', 'fail-on-error': 'true' },
      env: remoteEnv(certificate.certPath),
      timeoutMs: 60_000,
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.delivered).toBe('email');
    expect(smtp.logins).toEqual([{ user: USER, password: PASSWORD, encrypted: true }]);
    expect(smtp.mails).toHaveLength(1);
    expect(leakedSecrets(visibleOutput(run), secretsOf(url))).toEqual([]);
  });

  it.each([
    ['warns', 'false', 0, '::warning::'],
    ['fails the step', 'true', 1, '::error::'],
  ])(
    'refuses smtp:// to a remote server without STARTTLS: no login, no message (%s)',
    async (_, failOnError, exitCode, annotation) => {
      const smtp = await sink({ user: USER, password: PASSWORD });
      const url = remoteUrl(smtp.port);
      const run = await runBundledAction('notify', {
        inputs: { status: 'success', 'smtp-url': url, 'email-to': 'oncall@example.com', 'fail-on-error': failOnError },
        env: remoteEnv(certificate.certPath),
        timeoutMs: 60_000,
      });
      expect(run.exitCode).toBe(exitCode);
      expect(smtp.logins).toEqual([]);
      expect(smtp.mails).toEqual([]);
      expect(run.outputs.failed).toBe('email');
      expect(run.log).toContain(
        `${annotation}Notification to email failed: ${REMOTE_NAME}:${smtp.port}: the server does not offer STARTTLS`,
      );
      expect(leakedSecrets(visibleOutput(run), secretsOf(url))).toEqual([]);
    },
  );

  it('sends in plain text to a loopback host, where nothing leaves the machine', async () => {
    const smtp = await sink({ user: USER, password: PASSWORD });
    const url = smtpUrl('smtp', smtp.port);
    const run = await runBundledAction('notify', {
      inputs: { status: 'success', 'smtp-url': url, 'email-to': 'oncall@example.com', 'fail-on-error': 'true' },
      timeoutMs: 60_000,
    });
    expect(run.exitCode).toBe(0);
    expect(smtp.logins).toEqual([{ user: USER, password: PASSWORD, encrypted: false }]);
    expect(smtp.mails).toHaveLength(1);
    expect(leakedSecrets(visibleOutput(run), secretsOf(url))).toEqual([]);
  });

  it('fails the step on a refused login with fail-on-error, without trying again or showing the password', async () => {
    const smtp = await sink({ user: USER, password: PASSWORD, tls: certificate });
    const wrong = 'not-the-Passw0rd!';
    const url = smtpUrl('smtps', smtp.port, wrong);
    const run = await runBundledAction('notify', {
      inputs: { status: 'success', 'smtp-url': url, 'email-to': 'oncall@example.com', 'fail-on-error': 'true' },
      env: { NODE_EXTRA_CA_CERTS: certificate.certPath },
      timeoutMs: 60_000,
    });
    expect(run.exitCode).toBe(1);
    expect(smtp.logins).toEqual([{ user: USER, password: wrong, encrypted: true }]);
    expect(run.log).toMatch(/::error::Notification to email failed: 127\.0\.0\.1:\d+: login refused/);
    expect(leakedSecrets(visibleOutput(run), secretsOf(url, wrong))).toEqual([]);
  });
});
