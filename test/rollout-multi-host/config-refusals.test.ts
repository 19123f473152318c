// Bad strategy settings through the deploy action's front door (a config file): each fails
// before anything is recorded or deployed, with one error line naming the setting where the
// file wrote it. Runs the locally built bundle (node scripts/build.js deploy).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeGitHub, type FakeGitHub } from '../github-api';
import { runBundledAction } from '../support/run-bundled-action';

let api: FakeGitHub;
let work: string;

beforeAll(async () => {
  api = await startFakeGitHub();
  work = mkdtempSync(join(tmpdir(), 'deploy-kit-strategy-refusals-'));
});
afterAll(async () => {
  expect(api?.validationErrors).toEqual([]);
  await api?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const HEAD = ['services:', '  api:', '    image: 127.0.0.1:15099/acme/shop/api', 'environments:', '  live:'];
const SSH = [
  '    target:',
  '      kind: ssh-compose',
  '      hosts: [app1.example.com, app2.example.com, app3.example.com]',
  '      user: deploy',
  '      project-dir: /opt/shop',
];

async function deployWith(lines: string[]) {
  const config = join(work, `deploy-kit-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(config, `${[...HEAD, ...lines].join('\n')}\n`);
  const result = await runBundledAction('deploy', {
    inputs: {
      config,
      environment: 'live',
      version: 'v1.0.0',
      'github-token': 'ghs_strategyRefusals0123456789',
      'ssh-key': '-----BEGIN OPENSSH PRIVATE KEY-----\nnever used\n-----END OPENSSH PRIVATE KEY-----',
      'ssh-known-hosts': 'app1.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ',
    },
    env: { GITHUB_API_URL: api.url },
    timeoutMs: 60_000,
  });
  const errors = result.log.split('\n').filter((line) => line.startsWith('::error::'));
  return { result, errors, config };
}

describe('a strategy the environment cannot run is refused before anything happens', () => {
  it('rolling on a command target, at strategy.kind', async () => {
    const { result, errors, config } = await deployWith([
      '    target:',
      '      kind: command',
      '      command: ./deploy.sh',
      '    strategy:',
      '      kind: rolling',
    ]);
    expect(result.exitCode).toBe(1);
    expect(errors).toEqual([
      `::error::${config}:10:7: environments.live.strategy.kind: a command target cannot run rolling; expected recreate (your script decides how it deploys)`,
    ]);
    expect(api.state.deployments).toEqual([]);
  });

  it('max-surge (kubernetes only) on ssh-compose hosts, at strategy.max-surge', async () => {
    const { result, errors } = await deployWith([...SSH, '    strategy:', '      kind: rolling', '      max-surge: 1']);
    expect(result.exitCode).toBe(1);
    expect(errors).toEqual([
      expect.stringMatching(
        /:13:7: environments\.live\.strategy\.max-surge: a ssh-compose target cannot use max-surge/,
      ),
    ]);
    expect(api.state.deployments).toEqual([]);
  });

  it('per-host blue-green behind a proxy deploy-kit cannot drive yet, at strategy.proxy.kind', async () => {
    const { result, errors } = await deployWith([
      ...SSH,
      '    strategy:',
      '      kind: rolling',
      '      per-host: blue-green',
      '      proxy: { kind: haproxy, upstream: api }',
    ]);
    expect(result.exitCode).toBe(1);
    expect(errors).toEqual([
      expect.stringMatching(
        /environments\.live\.strategy\.proxy\.kind: haproxy cannot be driven by deploy-kit yet; expected nginx/,
      ),
    ]);
    expect(api.state.deployments).toEqual([]);
  });
});
