import { describe, expect, it } from '@jest/globals';
import { markdownTable } from '@deploy-kit/action-kit';
import type { ReleasePlan } from '@deploy-kit/release-plan';
import { buildOutputs, failureSections, summarySections } from './report';

const plan: ReleasePlan = {
  environment: 'production',
  version: 'v1.1.5',
  tags: ['v1.1.5', 'v1.1', 'sha-ffac537'],
  buildTags: ['v1.1.5', 'sha-ffac537'],
  shaTag: 'sha-ffac537',
  prerelease: false,
  latest: false,
  image: 'ghcr.io/o/app',
  labels: {},
  warnings: ['v1.1.5 is lower than v1.2.0: latest stays'],
  notices: [],
};
const digest = `sha256:${'a'.repeat(64)}`;

describe('build-image report', () => {
  it('outputs full references and the exact image to deploy', () => {
    const published = {
      method: 'promoted' as const,
      pushed: true,
      digest,
      tags: plan.buildTags.map((tag) => ({ tag, digest })),
    };
    expect(buildOutputs(plan, published)).toEqual({
      image: 'ghcr.io/o/app',
      version: 'v1.1.5',
      environment: 'production',
      prerelease: false,
      tags: 'ghcr.io/o/app:v1.1.5\nghcr.io/o/app:sha-ffac537',
      digest,
      'image-ref': `ghcr.io/o/app@${digest}`,
      promoted: true,
      services: JSON.stringify([
        {
          service: 'app',
          image: 'ghcr.io/o/app',
          digest,
          'image-ref': `ghcr.io/o/app@${digest}`,
          tags: ['ghcr.io/o/app:v1.1.5', 'ghcr.io/o/app:sha-ffac537'],
          promoted: true,
        },
      ]),
    });
    const sections = summarySections(plan, published);
    expect(markdownTable(sections[2]!.table!.header, sections[2]!.table!.rows)).toContain(
      `| ghcr.io/o/app:v1.1.5 | ${digest} |`,
    );
    expect(sections[0]!.table!.rows[0]).toContain('promoted from `sha-ffac537` (no build)');
    expect(sections[1]!.text).toBe(`Image to deploy: \`ghcr.io/o/app@${digest}\``);
    expect(sections[3]!.text).toContain('v1.1.5 is lower than v1.2.0');
    expect(sections[4]!.text).toBe('`v1.1` moves to this image once production is healthy, not at build.');
  });

  it('leaves digest and image-ref empty when nothing was pushed, and says so', () => {
    const published = {
      method: 'built with docker build' as const,
      pushed: false,
      tags: plan.buildTags.map((tag) => ({ tag })),
    };
    expect(buildOutputs(plan, published)).toMatchObject({ digest: '', 'image-ref': '', promoted: false });
    const sections = summarySections(plan, published);
    expect(sections[0]!.table!.rows[0]).toContain('built with docker build, not pushed (push: false)');
    expect(sections[1]!.text).toBe('Nothing was pushed, so there is no digest to deploy.');
    expect(sections[2]!.table!.rows[0]).toEqual(['ghcr.io/o/app:v1.1.5', 'not pushed']);
  });
});

describe('failure summary', () => {
  it('says where the run stopped, why, and whether anything was pushed', () => {
    const sections = failureSections(
      { step: 'reading the registry', wrote: false, plan },
      new Error('Registry ghcr.io refused access (403)'),
    );
    expect(sections[0]!.table!.rows[0]).toEqual(['production', 'v1.1.5', 'ghcr.io/o/app', 'v1.1.5, sha-ffac537']);
    expect(sections[1]!.text).toBe('Failed while reading the registry: Registry ghcr.io refused access (403)');
    expect(sections[2]!.text).toBe('Nothing was pushed to the registry.');
    const late = failureSections({ step: 'promoting', wrote: true }, new Error('x'));
    expect(late.map((s) => s.text)).toEqual([
      'Failed while promoting: x',
      'Some tags may already have been pushed: check the registry before re-running.',
    ]);
  });
});
