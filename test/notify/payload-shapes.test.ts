import { describe, expect, it } from '@jest/globals';
import {
  buildContent,
  DEPLOY_STATUSES,
  discordPayload,
  slackPayload,
  teamsPayload,
  type DeployEvent,
} from '@deploy-kit/notify';
import { adaptiveCardMessageProblems, blockKitProblems, discordProblems } from './support/platform-shapes';

const event: DeployEvent = {
  status: 'success',
  repository: 'octo-org/hello-world',
  sha: 'ffac537e6cbbf934b08745a378932722df287a53',
  actor: 'octocat',
  runUrl: 'https://github.com/octo-org/hello-world/actions/runs/1',
  serverUrl: 'https://github.com',
};

const variants: [string, Partial<DeployEvent>][] = [
  [
    'everything',
    {
      environment: 'production',
      version: 'v1.2.0',
      environmentUrl: 'https://app.example.com',
      message: 'Shipped {version}',
    },
  ],
  ['no environment, version or message', {}],
  [
    'an enormous message and names',
    { environment: 'e'.repeat(900), version: 'v'.repeat(900), message: 'x <&> '.repeat(3000) },
  ],
];

describe('payloads keep to what each platform documents', () => {
  for (const status of DEPLOY_STATUSES) {
    it.each(variants)(`${status}: %s`, (_name, change) => {
      const content = buildContent({ ...event, ...change, status });
      expect(blockKitProblems(slackPayload(content))).toEqual([]);
      expect(adaptiveCardMessageProblems(teamsPayload(content))).toEqual([]);
      expect(discordProblems(discordPayload(content))).toEqual([]);
    });
  }

  it('escapes Slack mrkdwn control characters from the message', () => {
    const payload = slackPayload(buildContent({ ...event, message: '<!channel> & <https://evil.example|click>' }));
    expect(JSON.stringify(payload)).toContain('&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;');
  });
});

describe('the shape validators catch what the platforms reject', () => {
  it('Block Kit', () => {
    expect(blockKitProblems({ blocks: [] })).toEqual(expect.arrayContaining(['blocks must hold 1..50 blocks']));
    expect(
      blockKitProblems({ text: 't', blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'x'.repeat(151) } }] }),
    ).toEqual(['blocks[0].text.type must be plain_text', 'blocks[0].text.text must be 1..150 characters']);
    expect(
      blockKitProblems({
        text: 't',
        blocks: [{ type: 'section', fields: Array(11).fill({ type: 'mrkdwn', text: 'a' }) }],
      }),
    ).toEqual(['blocks[0].fields must hold 1..10']);
    expect(blockKitProblems({ text: 't', blocks: [{ type: 'section' }] })).toEqual(['blocks[0] needs text or fields']);
  });

  it('Adaptive Card envelope', () => {
    expect(adaptiveCardMessageProblems({ type: 'AdaptiveCard', body: [] })).toEqual([
      'type must be "message"',
      'attachments must hold the card',
    ]);
    const card = (content: Record<string, unknown>) => ({
      type: 'message',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content }],
    });
    expect(
      adaptiveCardMessageProblems(card({ type: 'AdaptiveCard', version: '1.6', body: [{ type: 'TextBlock' }] })),
    ).toEqual([
      'attachments[0].content.version must be 1.0..1.5 (what Teams renders)',
      'attachments[0].content.body[0].text is required',
    ]);
    expect(
      adaptiveCardMessageProblems(
        card({
          type: 'AdaptiveCard',
          version: '1.4',
          body: [{ type: 'Container', style: 'green', items: [] }],
          actions: [{ type: 'Action.OpenUrl', url: '/relative' }],
        }),
      ),
    ).toEqual([
      'attachments[0].content.body[0].style invalid',
      'attachments[0].content.actions[0].url must be an absolute URL',
    ]);
  });

  it('Discord embed', () => {
    expect(discordProblems({})).toEqual(expect.arrayContaining(['content or embeds is required']));
    expect(discordProblems({ embeds: [{ title: 't', color: '#2EA043', fields: [{ name: 'a', value: '' }] }] })).toEqual(
      ['embeds[0].color must be an integer 0..0xFFFFFF', 'embeds[0].fields[0] needs name 1..256 and value 1..1024'],
    );
    expect(
      discordProblems({
        embeds: [
          {
            description: 'd'.repeat(4000),
            fields: [
              { name: 'n', value: 'v'.repeat(1024) },
              { name: 'n', value: 'v'.repeat(1024) },
            ],
          },
        ],
      }),
    ).toEqual(['embeds[0] is over 6000 characters in all']);
  });
});
