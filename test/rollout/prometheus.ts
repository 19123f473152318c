import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../infra/ports';
import { startProcess, waitUntil, type ServerProcess } from '../infra/processes';

export interface ScrapeJob {
  job: string;
  /** host:port on 127.0.0.1 */
  target: string;
  metricsPath: string;
}

export interface Prometheus {
  url: string;
  process: ServerProcess;
  stop(): Promise<void>;
}

/**
 * Debian's real Prometheus (test/rollout/setup-prometheus.sh installs it) on 127.0.0.1, with
 * its own config and data dir in a temp folder, scraping `jobs` every second. Resolves once
 * it is ready; stopped by pid (SIGTERM, then SIGKILL), and killed by a watchdog if the test
 * process dies first.
 */
export async function startPrometheus(jobs: ScrapeJob[]): Promise<Prometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'dk-prometheus-'));
  const port = await freePort();
  const scrapeConfigs = jobs
    .map(
      (j) =>
        `  - job_name: ${JSON.stringify(j.job)}\n    metrics_path: ${JSON.stringify(j.metricsPath)}\n    static_configs:\n      - targets: [${JSON.stringify(j.target)}]`,
    )
    .join('\n');
  writeFileSync(
    join(dir, 'prometheus.yml'),
    `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\nscrape_configs:\n${scrapeConfigs}\n`,
  );
  const process = startProcess(
    '/usr/bin/prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { logFile: join(dir, 'prometheus.log'), tempDir: dir },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await process.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(async () => (await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) })).ok, {
      what: `prometheus on ${url} to be ready`,
      timeoutMs: 30_000,
      process,
      intervalMs: 200,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, process, stop };
}
