import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { leakedSecrets, runBundledAction, type BundledActionRun } from '../support/run-bundled-action';
import { testCertificate } from './support/certificate';
import { parseMail } from './support/mime';
import { adaptiveCardMessageProblems, blockKitProblems, discordProblems } from './support/platform-shapes';
import { startReceiver, type Receiver } from './support/receiver';
import { urlParts, visibleOutput } from './support/secrets';
import { startSmtpSink, type SmtpSink } from './support/smtp';

// The repository, commit, actor and run that runBundledAction's runner environment describes.
const RUN_URL = 'https://github.com/octo-org/hello-world/actions/runs/1658821493';
const COMMIT_URL = 'https://github.com/octo-org/hello-world/commit/ffac537e6cbbf934b08745a378932722df287a53';
const SMTP_PASSWORD = 'smtp-pa$$word-9f8e7d';
const certificate = testCertificate();
const WEBHOOK_SECRET = 'hmac-key-5b0c9a1e77';

const json = (body: string): Record<string, unknown> => JSON.parse(body) as Record<string, unknown>;

describe('notify action: every channel delivers', () => {
  let slack: Receiver;
  let teams: Receiver;
  let discord: Receiver;
  let webhook: Receiver;
  let smtp: SmtpSink;
  let run: BundledActionRun;
  let secrets: string[];
  let urls: Record<string, string>;

  beforeAll(async () => {
    slack = await startReceiver(() => ({ status: 200, headers: { 'content-type': 'text/html' }, body: 'ok' }));
    teams = await startReceiver(() => ({ status: 202 }));
    discord = await startReceiver(() => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: '1180000000000000001', type: 0, channel_id: '42' }),
    }));
    webhook = await startReceiver(() => ({ status: 204 }));
    // smtp:// upgraded with STARTTLS, as a real mail service offers it.
    smtp = await startSmtpSink({ user: 'deploys@example.com', password: SMTP_PASSWORD, starttls: certificate });
    urls = {
      slack: slack.url('/services/T0001/B0001/slackTokenXyZ123456'),
      teams: teams.url(
        '/workflows/6a1b2c/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sig=teamsSigQwErTy987654',
      ),
      discord: discord.url('/api/webhooks/112233/discordTokenAbC987654'),
      webhook: webhook.url('/hooks/deploys/genericPathSecret42'),
      smtp: `smtp://deploys%40example.com:${encodeURIComponent(SMTP_PASSWORD)}@127.0.0.1:${smtp.port}`,
    };
    secrets = [
      ...Object.values(urls).flatMap(urlParts),
      SMTP_PASSWORD,
      encodeURIComponent(SMTP_PASSWORD),
      WEBHOOK_SECRET,
    ];
    run = await runBundledAction('notify', {
      inputs: {
        status: 'success',
        environment: 'production',
        version: 'v1.2.0',
        'environment-url': 'https://app.example.com',
        message: 'Deployed {version} to {environment} by {actor}: {url}',
        'slack-webhook-url': urls.slack as string,
        'teams-webhook-url': urls.teams as string,
        'discord-webhook-url': urls.discord as string,
        'webhook-url': urls.webhook as string,
        'webhook-secret': WEBHOOK_SECRET,
        'smtp-url': urls.smtp as string,
        'email-to': 'ops@example.com, Release Team <releases@example.com>',
        'email-from': 'Deploys <deploys@example.com>',
      },
      env: { NODE_EXTRA_CA_CERTS: certificate.certPath },
      timeoutMs: 60_000,
    });
  });

  afterAll(async () => {
    await Promise.all([slack?.stop(), teams?.stop(), discord?.stop(), webhook?.stop(), smtp?.stop()]);
  });

  it('passes and lists every channel as delivered', () => {
    expect(run.exitCode).toBe(0);
    expect(run.outputs.delivered).toBe('slack,teams,discord,webhook,email');
    expect(run.outputs.failed).toBe('');
    expect(run.log).not.toContain('::warning::');
    expect(run.log).not.toContain('::error::');
  });

  it('posts one Block Kit message to Slack with status, facts and links', () => {
    expect(slack.requests).toHaveLength(1);
    const request = slack.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/services/T0001/B0001/slackTokenXyZ123456');
    expect(request.headers['content-type']).toMatch(/^application\/json/);
    const payload = json(request.body);
    expect(blockKitProblems(payload)).toEqual([]);
    expect(payload.text).toBe('✅ Deployed hello-world v1.2.0 to production');
    const text = request.body;
    for (const expected of [
      'Deployed v1.2.0 to production by octocat: https://app.example.com',
      'octo-org/hello-world',
      'octocat',
      `<${COMMIT_URL}|ffac537>`,
      `<${RUN_URL}|Workflow run>`,
      '<https://app.example.com|Open production>',
    ]) {
      expect(text).toContain(JSON.stringify(expected).slice(1, -1));
    }
  });

  it('posts an Adaptive Card in the Workflows envelope to Teams, coloured for success', () => {
    expect(teams.requests).toHaveLength(1);
    const payload = json(teams.requests[0]!.body);
    expect(adaptiveCardMessageProblems(payload)).toEqual([]);
    const card = (payload.attachments as { content: Record<string, unknown> }[])[0]!.content;
    const body = card.body as Record<string, unknown>[];
    expect(body[0]).toMatchObject({
      type: 'Container',
      style: 'good',
      items: [{ type: 'TextBlock', text: '✅ Deployed hello-world v1.2.0 to production' }],
    });
    const facts = body.find((element) => element.type === 'FactSet')?.facts;
    expect(facts).toEqual(
      expect.arrayContaining([
        { title: 'Environment', value: 'production' },
        { title: 'Version', value: 'v1.2.0' },
        { title: 'Repository', value: 'octo-org/hello-world' },
        { title: 'Commit', value: 'ffac537' },
        { title: 'Actor', value: 'octocat' },
      ]),
    );
    expect((card.actions as { url: string }[]).map((action) => action.url)).toEqual([
      RUN_URL,
      'https://app.example.com',
      COMMIT_URL,
    ]);
  });

  it('asks Discord to confirm (wait=true) and sends an embed with the status colour as an integer', () => {
    expect(discord.requests).toHaveLength(1);
    expect(discord.requests[0]!.path).toBe('/api/webhooks/112233/discordTokenAbC987654?wait=true');
    const payload = json(discord.requests[0]!.body);
    expect(discordProblems(payload)).toEqual([]);
    expect(payload.allowed_mentions).toEqual({ parse: [] });
    const embed = (payload.embeds as Record<string, unknown>[])[0]!;
    expect(embed).toMatchObject({
      title: '✅ Deployed hello-world v1.2.0 to production',
      color: 0x2ea043,
      url: RUN_URL,
    });
    expect(embed.description).toBe('Deployed v1.2.0 to production by octocat: https://app.example.com');
    expect(embed.fields).toEqual(
      expect.arrayContaining([{ name: 'Commit', value: `[ffac537](${COMMIT_URL})`, inline: true }]),
    );
  });

  it('signs the generic webhook body with HMAC-SHA256 of the exact bytes', () => {
    expect(webhook.requests).toHaveLength(1);
    const request = webhook.requests[0]!;
    const expected = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(request.body).digest('hex')}`;
    expect(request.headers['x-deploy-kit-signature']).toBe(expected);
    expect(request.headers['x-deploy-kit-event']).toBe('deployment');
    expect(request.headers['x-deploy-kit-delivery']).toMatch(/^[0-9a-f-]{36}$/);
    expect(json(request.body)).toMatchObject({
      source: 'deploy-kit',
      status: 'success',
      environment: 'production',
      version: 'v1.2.0',
      environment_url: 'https://app.example.com',
      repository: 'octo-org/hello-world',
      sha: 'ffac537e6cbbf934b08745a378932722df287a53',
      commit_url: COMMIT_URL,
      actor: 'octocat',
      run_url: RUN_URL,
      message: 'Deployed v1.2.0 to production by octocat: https://app.example.com',
    });
  });

  it('emails every recipient over SMTP with login, text and HTML parts', () => {
    expect(smtp.logins).toEqual([{ user: 'deploys@example.com', password: SMTP_PASSWORD, encrypted: true }]);
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.from).toBe('deploys@example.com');
    expect(mail.to).toEqual(['ops@example.com', 'releases@example.com']);
    const parsed = parseMail(mail.raw);
    expect(parsed.headers.get('subject')).toBe('✅ Deployed hello-world v1.2.0 to production');
    expect(parsed.headers.get('from')).toBe('Deploys <deploys@example.com>');
    expect(parsed.headers.get('to')).toBe('ops@example.com, Release Team <releases@example.com>');
    expect(parsed.headers.get('x-deploy-kit-status')).toBe('success');
    expect(parsed.headers.get('content-type')).toMatch(/^multipart\/alternative/);
    const text = parsed.parts.get('text/plain') ?? '';
    const html = parsed.parts.get('text/html') ?? '';
    for (const expected of [
      'Deployed v1.2.0 to production by octocat',
      'Environment:',
      'production',
      'v1.2.0',
      'ffac537',
      RUN_URL,
    ]) {
      expect(text).toContain(expected);
    }
    expect(html).toContain('<h2 style="margin:0 0 8px 0">✅ Deployed hello-world v1.2.0 to production</h2>');
    expect(html).toContain(`<a href="${RUN_URL}">Workflow run</a>`);
    expect(html).toContain('#2EA043');
  });

  it('writes a job summary row per channel', () => {
    expect(run.summary).toContain('## Notify');
    expect(run.summary).toContain('✅ **success** · environment **production** · version **v1.2.0**');
    expect(run.summary).toContain('| Channel | Destination | Result | Attempts | Details |');
    expect(run.summary).toContain(`| slack | ${new URL(urls.slack as string).host} | ✅ delivered | 1 | HTTP 200 ok |`);
    expect(run.summary).toContain(
      `| discord | ${new URL(urls.discord as string).host} | ✅ delivered | 1 | HTTP 200, message 1180000000000000001 |`,
    );
    expect(run.summary).toContain(`| email | 127.0.0.1:${smtp.port} | ✅ delivered | 1 | accepted for 2 recipients |`);
  });

  it('never shows a webhook URL, the SMTP password or the webhook secret', () => {
    expect(leakedSecrets(visibleOutput(run), secrets)).toEqual([]);
  });
});
