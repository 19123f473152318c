import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const EVENTS = resolve(import.meta.dirname, '../fixtures/events');

/** The three releases of the demo, in order, each with its real webhook payload. */
export const RELEASES = [
  {
    tag: 'v1.0.0-beta.1',
    fixture: 'release-prereleased-v1.0.0-beta.1.json',
    environment: 'staging',
    expected: 'deployed',
  },
  { tag: 'v1.0.0', fixture: 'release-released-v1.0.0.json', environment: 'production', expected: 'deployed' },
  { tag: 'v1.1.0', fixture: 'release-released-v1.1.0.json', environment: 'production', expected: 'rolled-back' },
] as const;

export type DemoRelease = (typeof RELEASES)[number];

interface ReleasePayload {
  release: { tag_name: string; target_commitish: string };
}

/**
 * Writes a copy of the release's event payload whose commit is the consumer
 * repository's real commit, and returns its path. Everything else is the real
 * payload as GitHub sends it.
 */
export function writeReleaseEvent(release: DemoRelease, sha: string, dir: string): string {
  const payload = JSON.parse(readFileSync(join(EVENTS, release.fixture), 'utf8')) as ReleasePayload;
  if (payload.release.tag_name !== release.tag) {
    throw new Error(`${release.fixture} releases ${payload.release.tag_name}, not ${release.tag}`);
  }
  payload.release.target_commitish = sha;
  const file = join(dir, `event-${release.tag}.json`);
  writeFileSync(file, `${JSON.stringify(payload, null, 2)}\n`);
  return file;
}
