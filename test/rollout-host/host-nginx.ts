import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../infra/ports';
import { startProcess, waitUntil, type ServerProcess } from '../infra/processes';

/**
 * Debian's nginx run as "the host's own proxy" (`runs: host`), started by the test on
 * 127.0.0.1 with its own prefix and configuration (never the system service). The user's
 * configuration includes deploy-kit's upstream file from `conf.d/` and a file of its own
 * from `user.d/`; the site proxies to the upstream `api`.
 *
 * `bin/nginx` is the host's `nginx` command for SSH sessions (put `binDir` first on the
 * sshd's PATH): it runs the real nginx on this prefix and configuration, and holds a reload
 * while `hold-reload` exists (writing `reload-held`), so a test can cut SSH mid-switch.
 */
export interface HostNginx {
  port: number;
  dir: string;
  binDir: string;
  /** deploy-kit's upstream file (the proxy's `config-file`). */
  configFile: string;
  /** A file of the user's, included by nginx.conf. */
  userFile: string;
  process: ServerProcess;
  stop(): Promise<void>;
}

export async function startHostNginx(upstream: string): Promise<HostNginx> {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-kit-nginx-'));
  const port = await freePort();
  const binDir = join(dir, 'bin');
  for (const sub of ['conf.d', 'user.d', 'bin', 'logs']) mkdirSync(join(dir, sub));
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    [
      'worker_processes 1;',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/logs/error.log;`,
      'daemon off;',
      'events { worker_connections 512; }',
      'http {',
      '  access_log off;',
      `  include ${dir}/conf.d/*.conf;`,
      `  include ${dir}/user.d/*.conf;`,
      '  server {',
      `    listen 127.0.0.1:${port};`,
      '    location / {',
      // A variable is looked up among the upstreams at request time, so nginx starts before
      // deploy-kit's first deploy wrote the upstream (docs/rollouts.md).
      `      set $deploy_kit_upstream ${upstream};`,
      '      proxy_pass http://$deploy_kit_upstream;',
      '      proxy_http_version 1.1;',
      '      proxy_set_header Connection "";',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'user.d', 'site.conf'), "# the user's own settings\nserver_tokens off;\n");
  writeFileSync(
    join(binDir, 'nginx'),
    [
      '#!/bin/sh',
      `if [ "$1" = "-s" ] && [ -f ${dir}/hold-reload ]; then`,
      `  touch ${dir}/reload-held`,
      `  while [ -f ${dir}/hold-reload ]; do sleep 0.1; done`,
      'fi',
      `exec /usr/sbin/nginx -p ${dir}/ -c ${conf} "$@"`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  const server = startProcess('/usr/sbin/nginx', ['-p', `${dir}/`, '-c', conf], {
    logFile: join(dir, 'logs', 'stdout.log'),
    tempDir: dir,
  });
  await waitUntil(
    async () => {
      const answer = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) });
      await answer.arrayBuffer();
      return true;
    },
    { what: `nginx on 127.0.0.1:${port}`, timeoutMs: 20_000, process: server },
  );
  return {
    port,
    dir,
    binDir,
    configFile: join(dir, 'conf.d', `deploy-kit-${upstream}.conf`),
    userFile: join(dir, 'user.d', 'site.conf'),
    process: server,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
