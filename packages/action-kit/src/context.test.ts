import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunContext } from './context';
import { UserError } from './errors';

describe('readRunContext', () => {
  it('reads the run from the runner environment and the payload file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctx-'));
    writeFileSync(join(dir, 'event.json'), JSON.stringify({ release: { tag_name: 'v1.0.0' } }));
    const context = readRunContext({
      GITHUB_EVENT_NAME: 'release',
      GITHUB_EVENT_PATH: join(dir, 'event.json'),
      GITHUB_REPOSITORY: 'octo-org/hello-world',
      GITHUB_SHA: 'abc',
      GITHUB_RUN_ID: '42',
      GITHUB_SERVER_URL: 'https://github.example.com/',
    });
    expect(context).toMatchObject({
      eventName: 'release',
      owner: 'octo-org',
      repo: 'hello-world',
      runUrl: 'https://github.example.com/octo-org/hello-world/actions/runs/42',
      payload: { release: { tag_name: 'v1.0.0' } },
    });
  });

  it('says which file is broken when the payload is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctx-'));
    writeFileSync(join(dir, 'event.json'), '{ nope');
    expect(() => readRunContext({ GITHUB_EVENT_PATH: join(dir, 'event.json') })).toThrow(UserError);
    expect(() => readRunContext({ GITHUB_EVENT_PATH: join(dir, 'event.json') })).toThrow(/is not valid JSON/);
  });
});
