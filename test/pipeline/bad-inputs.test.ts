import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFakeGitHub, type FakeGitHub } from '../github-api';
import { runBundledAction } from '../support/run-bundled-action';

/** The one-step action on a bad input: one error line, result failed, a summary saying nothing was done. */
describe('the one-step pipeline action with a bad input', () => {
  let api: FakeGitHub;
  beforeAll(async () => {
    api = await startFakeGitHub();
  });
  afterAll(async () => {
    await api?.stop();
  });

  it.each([
    ['image', { image: 'Not An Image' }, 'Input "image" is not a valid image reference'],
    ['rollback-on', { 'rollback-on': 'sometimes' }, 'Input "rollback-on" must be one of'],
    ['environment', { environment: 'prod\n::error::x' }, 'Input "environment" must be a single line'],
    ['notify-timeout', { 'notify-timeout': '11m' }, 'Input "notify-timeout" must be at most 10m (got "11m")'],
  ])('a bad %s: result failed, a short summary, one ::error:: line, nothing contacted', async (_name, bad, message) => {
    const run = await runBundledAction('pipeline', {
      inputs: {
        environment: 'production',
        image: 'ghcr.io/acme/shop:v1.0.0',
        target: 'command',
        command: 'true',
        'github-token': 'ghs_pipelineBadInputToken0123',
        ...bad,
      },
      env: { GITHUB_API_URL: api.url },
      timeoutMs: 60_000,
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toEqual({ result: 'failed' });
    const errors = run.log.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toEqual([expect.stringContaining(message)]);
    expect(run.summary).toContain('Deploy pipeline: not started');
    expect(run.summary).toContain(message);
    expect(run.summary).toContain('Nothing was checked, deployed, recorded or sent');
    expect(run.summary.split('\n').filter((line) => line.startsWith('::'))).toEqual([]);
    expect(api.requests).toEqual([]);
  });
});
