import { describe, expect, it } from '@jest/globals';
import { composeProjectName, folderName, parseLook, parsePort } from './colour-scripts';
import { parseColoursState, runsRequest } from './colour-state';
import { drainScript } from './drain';
import { renderRolloutReport } from './rollout-report';
import { spawnSync } from 'node:child_process';

describe('the colours on the host', () => {
  it('names each colour after the project as compose does', () => {
    expect(composeProjectName(folderName('/srv/My.Shop/'), 'green')).toBe('myshop-green');
  });

  it('reads the port a colour published on loopback', () => {
    expect(parsePort('127.0.0.1:41235->8080/tcp\n')).toBe(41235);
    expect(parsePort('')).toBeUndefined();
  });

  it('reads one look: state, upstream file, running containers', () => {
    const look = parseLook(
      [
        '---deploy-kit-state---',
        '{"colours":{"blue":{"version":"v1","services":[{"service":"api","imageRef":"r@sha256:1"}],"port":4100,"startedAt":"x"}}}',
        '---deploy-kit-proxy---',
        '# deploy-kit: live=blue',
        'upstream api { server 127.0.0.1:4100; }',
        '---deploy-kit-running---',
        'blue=1',
        'green=       0',
        '',
      ].join('\n'),
    );
    expect(look.running).toEqual({ blue: 1, green: 0 });
    expect(look.proxyFile).toMatch(/^# deploy-kit: live=blue/);
    const state = parseColoursState(look.state);
    expect(state.colours.blue?.port).toBe(4100);
    const request = {
      version: 'v1',
      environment: 'production',
      services: [
        {
          service: 'api',
          composeService: 'api',
          imageVariable: 'API_IMAGE',
          image: 'r:v1',
          digest: 'sha256:1',
          imageRef: 'r@sha256:1',
        },
      ],
    };
    expect(runsRequest(state.colours.blue, request)).toBe(true);
    expect(runsRequest(state.colours.green, request)).toBe(false);
  });

  it('treats an unreadable state file as no record', () => {
    expect(parseColoursState('{not json')).toEqual({ colours: {} });
    expect(parseColoursState(undefined)).toEqual({ colours: {} });
  });
});

describe('the drain wait', () => {
  it('does not mistake its own command line for a draining nginx worker', () => {
    // In its own PID namespace the script sees only itself: it must end without "left" (which
    // it prints at its deadline), since no nginx worker is shutting down there.
    const result = spawnSync('unshare', ['-p', '-f', '--mount-proc', 'sh', '-c', drainScript(1000)], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
  });
});

describe('the step report', () => {
  it('renders each step with its detail and time for the job summary', () => {
    const at = Date.UTC(2026, 10, 30, 7, 0, 0);
    const text = renderRolloutReport({
      strategy: 'blue-green',
      host: 'web1',
      outcome: 'failed',
      live: 'blue',
      steps: [
        { name: 'start green beside blue', startedAt: at, finishedAt: at + 4200, ok: true, detail: 'shop-green' },
        {
          name: 'health check green on its own port',
          startedAt: at + 4200,
          finishedAt: at + 64_200,
          ok: false,
          detail: 'a|b',
        },
      ],
    });
    expect(text).toBe(
      [
        '**blue-green** on web1: failed (live: blue)',
        '',
        '| Step | Detail | Started (UTC) | Took |',
        '| ---- | ------ | ------------- | ---- |',
        '| ✅ start green beside blue | shop-green | 07:00:00 | 4.2 s |',
        '| ❌ health check green on its own port | a\\|b | 07:00:04 | 60.0 s |',
        '',
      ].join('\n'),
    );
  });
});
