import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { rmSync } from 'node:fs';
import { toError } from '@deploy-kit/action-kit';
import { ACTIONS, ADAPTERS, baselines, inputsOf, jobEnv, makeContext, type ActionName, type Inputs } from './adapters';
import { inputKind } from './input-kinds';
import { startRecordingPeer, type RecordingPeer } from './peer';

/**
 * A good value on several lines for every multi-line input, with the other
 * inputs it needs (a body needs a method that takes one). Line breaks are
 * refused only where an input is one line: these must all be accepted.
 */
function multiLine(peer: RecordingPeer): Record<string, Inputs> {
  return {
    'build-args': { 'build-args': 'VERSION=1.0.0\r\nCOMMIT=abc' },
    platforms: { platforms: 'linux/amd64\nlinux/arm64' },
    labels: { labels: 'org.opencontainers.image.title=shop\nteam=web' },
    'required-env': { 'required-env': 'PATH\nHOME' },
    'ignore-checks': { 'ignore-checks': 'lint\nslow tests' },
    freeze: { freeze: 'Fri 18:00 - Mon 08:00 Europe/Berlin\n2026-12-24 00:00 - 2026-12-27 08:00 UTC' },
    'ssh-key': {},
    'ssh-known-hosts': {
      'ssh-known-hosts': `[127.0.0.1]:${peer.port} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n# a comment`,
    },
    services: { services: 'web\nworker' },
    command: { command: 'echo one\necho two' },
    kubeconfig: { kubeconfig: 'apiVersion: v1\nkind: Config\nclusters: []' },
    workloads: { workloads: 'api=deployment/api:api\nweb=deployment/web:nginx' },
    url: { url: `${peer.url}/health\n${peer.url}/ready` },
    'health-url': { 'health-url': `${peer.url}/health\n${peer.url}/ready` },
    headers: { headers: 'Accept: application/json\nX-Probe: deploy-kit' },
    body: { method: 'POST', body: '{\n  "ping": true\n}' },
    json: { json: 'status == "ok"\nchecks.db exists' },
    message: { message: 'Shipped by {actor}\n\nSee {run_url}' },
    'redact-query-params': { 'redact-query-params': 'sig\nexpires' },
  };
}

describe('multi-line inputs keep taking several lines', () => {
  let peer: RecordingPeer;
  let context: string;
  let valid: Record<ActionName, Inputs>;

  beforeAll(async () => {
    peer = await startRecordingPeer();
    context = makeContext();
    valid = baselines(peer, context);
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    rmSync(context, { recursive: true, force: true });
    await peer?.stop();
  });

  it.each(ACTIONS)('%s: every multi-line input accepts a good value on several lines', async (action) => {
    const examples = multiLine(peer);
    const refused: string[] = [];
    for (const name of inputsOf(action)) {
      if (inputKind(action, name)?.kind !== 'text') continue;
      const example = examples[name];
      if (!example) {
        refused.push(`${name}: no multi-line example in this test`);
        continue;
      }
      try {
        await ADAPTERS[action]({ ...valid[action], ...example }, jobEnv(peer));
      } catch (thrown) {
        refused.push(`${name}: ${toError(thrown).message}`);
      }
    }
    expect(refused).toEqual([]);
    expect(peer.connections()).toBe(0);
  });
});
