// The load balancer in front of the three rolling hosts: Debian's nginx on a free 127.0.0.1
// port, round-robin over each host's own nginx (its public entry point). Its configuration
// never changes during a rollout: each host switches its own nginx from the old colour to the
// new one (per-host blue-green), so every host keeps answering and the balancer needs no
// hook to take one out.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../test/infra/ports';
import { startProcess, waitUntil } from '../../test/infra/processes';

export interface FrontNginx {
  port: number;
  stop(): Promise<void>;
}

export async function startFrontNginx(hostPorts: number[]): Promise<FrontNginx> {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-kit-bench-lb-'));
  mkdirSync(join(dir, 'logs'));
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    [
      'worker_processes 1;',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/logs/error.log;`,
      'daemon off;',
      'events { worker_connections 1024; }',
      'http {',
      '  access_log off;',
      '  upstream hosts {',
      ...hostPorts.map((p) => `    server 127.0.0.1:${p};`),
      '    keepalive 16;',
      '  }',
      '  server {',
      `    listen 127.0.0.1:${port};`,
      '    location / {',
      '      proxy_pass http://hosts;',
      '      proxy_http_version 1.1;',
      '      proxy_set_header Connection "";',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n'),
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
    { what: `the front nginx on 127.0.0.1:${port}`, timeoutMs: 20_000, process: server },
  );
  return {
    port,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
