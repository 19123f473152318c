import { afterEach } from '@jest/globals';
import { checkHealth, parseHealthCheckInputs, toHealthCheckOptions, type HealthReport } from '@deploy-kit/health';
import { startScriptedServer, type Script, type ScriptedServer } from './scripted-server';

/** Real servers on 127.0.0.1, each stopped after its test. Call once per test file. */
export function scriptedServers(): (script: Script) => Promise<ScriptedServer> {
  const servers: ScriptedServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.stop()));
  });
  return async (script) => {
    const server = await startScriptedServer(script);
    servers.push(server);
    return server;
  };
}

/** Fast polling, a deadline far away: a check that ends early ended on its own verdict. */
export const fast = { interval: '20ms', backoff: 'constant', timeout: '2s', deadline: '20s' };

/** Runs the library as deploy and rollback call it; returns the report and every log line. */
export async function check(urls: string[], raw: Parameters<typeof parseHealthCheckInputs>[0] = {}) {
  const lines: string[] = [];
  const report = await checkHealth(toHealthCheckOptions(urls, parseHealthCheckInputs({ ...fast, ...raw })), {
    log: (line) => lines.push(line),
  });
  return { report, lines };
}

export const kinds = (report: HealthReport, i = 0) => report.urls[i]?.attempts.map((a) => a.kind);
export const statuses = (report: HealthReport, i = 0) => report.urls[i]?.attempts.map((a) => a.status);
