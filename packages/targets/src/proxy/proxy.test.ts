// The proxy module at the command level: the upstream file, and the apply script run by a
// real `sh` against Debian's real nginx (`nginx -t`), with nginx reached the way each `runs:`
// reaches it. `runs: compose` cannot run a proxy container here (no nginx image can be
// pulled), so its `compose exec -T proxy nginx ...` goes to a stand-in compose command that
// runs the same nginx; the host's own proxy is tested end to end in test/rollout-host.
import { describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canaryServers, parseUpstreamMarker, renderUpstream } from './nginx-upstream';
import { PROXY_INVALID, applyUpstreamScript, nginxCommand } from './proxy-scripts';
import { defaultConfigFile, proxySettingsFrom, type ProxyOnHost } from './proxy-settings';

describe('the upstream file', () => {
  it('names its live colour on the first line, read back by the next run', () => {
    const text = renderUpstream('api', { live: 'green' }, [{ address: '127.0.0.1:4100', weight: 100 }]);
    expect(text).toContain('upstream api {\n    server 127.0.0.1:4100;\n');
    expect(parseUpstreamMarker(text)).toEqual({ live: 'green' });
  });

  it('splits by weight while a canary runs, and leaves out a server at 0', () => {
    const text = renderUpstream(
      'api',
      { live: 'blue', canary: { colour: 'green', weight: 10 } },
      canaryServers('127.0.0.1:1', '127.0.0.1:2', 10),
    );
    expect(text).toContain('server 127.0.0.1:1 weight=90;\n    server 127.0.0.1:2 weight=10;');
    expect(parseUpstreamMarker(text)).toEqual({ live: 'blue', canary: { colour: 'green', weight: 10 } });
    const back = renderUpstream('api', { live: 'blue' }, canaryServers('127.0.0.1:1', '127.0.0.1:2', 0));
    expect(back).not.toContain('127.0.0.1:2');
  });

  it('is not ours without the marker', () => {
    expect(parseUpstreamMarker('upstream api { server x; }')).toBeUndefined();
    expect(parseUpstreamMarker(undefined)).toBeUndefined();
  });
});

describe('proxy settings', () => {
  it('defaults: compose service proxy, a file in the project; the host: Debian conf.d', () => {
    expect(proxySettingsFrom({ kind: 'nginx', runs: 'compose', upstream: 'api' }, 'strategy.proxy')).toEqual({
      kind: 'nginx',
      runs: { kind: 'compose', service: 'proxy' },
      upstream: 'api',
      configFile: 'deploy-kit/nginx/deploy-kit-api.conf',
    });
    expect(defaultConfigFile({ kind: 'host' }, 'api')).toBe('/etc/nginx/conf.d/deploy-kit-api.conf');
  });

  it('refuses a proxy kind it cannot drive, naming the setting', () => {
    expect(() =>
      proxySettingsFrom({ kind: 'haproxy', runs: 'host', upstream: 'api' }, 'environments.production.strategy.proxy'),
    ).toThrow(
      'environments.production.strategy.proxy.kind: haproxy cannot be driven by deploy-kit yet; expected nginx',
    );
  });

  it('reaches nginx on the host, or with compose exec in the proxy service', () => {
    const project = { projectDir: '/srv/shop', composeFile: 'compose.yml', composeCommand: 'docker compose' };
    const host: ProxyOnHost = { kind: 'nginx', runs: { kind: 'host' }, upstream: 'api', configFile: 'x.conf' };
    const compose: ProxyOnHost = { ...host, runs: { kind: 'compose', service: 'edge' } };
    expect(nginxCommand(host, project, ['-s', 'reload'])).toBe('nginx -s reload');
    expect(nginxCommand(compose, project, ['-t'])).toBe('docker compose -f compose.yml exec -T edge nginx -t');
  });
});

describe('applyUpstreamScript against real nginx -t (runs: compose, through a stand-in compose command)', () => {
  function setUp() {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-kit-proxy-unit-'));
    mkdirSync(join(dir, 'deploy-kit', 'nginx'), { recursive: true });
    mkdirSync(join(dir, 'user.d'));
    const conf = join(dir, 'nginx.conf');
    writeFileSync(
      conf,
      `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\nhttp {\n  include ${dir}/deploy-kit/nginx/*.conf;\n  include ${dir}/user.d/*.conf;\n  server { listen 127.0.0.1:9; location / { proxy_pass http://api; } }\n}\n`,
    );
    // `compose -f FILE exec -T SERVICE nginx ARGS...`: logs its arguments, runs the real nginx
    // on the test's configuration; a reload is only logged (no nginx is running here).
    const compose = join(dir, 'compose');
    writeFileSync(
      compose,
      `#!/bin/sh\necho "$*" >> ${dir}/calls\nshift 5\n[ "$1" = nginx ] || exit 9\nshift\n[ "$1" = -s ] && exit 0\nexec /usr/sbin/nginx -p ${dir}/ -c ${conf} "$@"\n`,
      { mode: 0o755 },
    );
    const project = { projectDir: dir, composeFile: 'compose.yml', composeCommand: compose };
    const proxy = proxySettingsFrom({ kind: 'nginx', runs: 'compose', upstream: 'api' }, 'strategy.proxy');
    const run = (stdin: string) =>
      spawnSync('sh', ['-c', applyUpstreamScript(proxy, project)], { input: stdin, encoding: 'utf8' });
    return {
      dir,
      run,
      file: join(dir, proxy.configFile),
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const upstream = (port: number) =>
    renderUpstream('api', { live: 'blue' }, [{ address: `127.0.0.1:${port}`, weight: 100 }]);

  it('writes the file, validates in the proxy service, reloads it', () => {
    const { dir, run, file, cleanup } = setUp();
    try {
      const result = run(upstream(4100));
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe(upstream(4100));
      expect(readFileSync(join(dir, 'calls'), 'utf8')).toBe(
        '-f compose.yml exec -T proxy nginx -t\n-f compose.yml exec -T proxy nginx -s reload\n',
      );
    } finally {
      cleanup();
    }
  });

  it('a configuration nginx refuses: the previous file is back, nginx says why, no reload', () => {
    const { dir, run, file, cleanup } = setUp();
    try {
      expect(run(upstream(4100)).status).toBe(0);
      writeFileSync(join(dir, 'user.d', 'broken.conf'), 'not_a_directive on;\n');
      const result = run(upstream(4200));
      expect(result.status).toBe(PROXY_INVALID);
      expect(result.stderr).toMatch(/\[emerg\] .*unknown directive "not_a_directive"/);
      expect(readFileSync(file, 'utf8')).toBe(upstream(4100));
      expect(existsSync(`${file}.deploy-kit-previous`)).toBe(false);
      expect(readFileSync(join(dir, 'calls'), 'utf8').match(/reload/g)).toHaveLength(1);
    } finally {
      cleanup();
    }
  });

  it('a first file nginx refuses is removed again', () => {
    const { dir, run, file, cleanup } = setUp();
    try {
      writeFileSync(join(dir, 'user.d', 'broken.conf'), 'not_a_directive on;\n');
      expect(run(upstream(4100)).status).toBe(PROXY_INVALID);
      expect(existsSync(file)).toBe(false);
    } finally {
      cleanup();
    }
  });
});

// Keeps the import used when nginx is missing on a machine: the suite needs it installed.
execFileSync('/usr/sbin/nginx', ['-v'], { stdio: 'ignore' });
