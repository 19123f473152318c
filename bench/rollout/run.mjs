#!/usr/bin/env node
// One command for the rollout benchmark (issue 10):
// `node bench/rollout/run.mjs [--json] [--reps N] [--rate 120]`.
// Installs Debian's nginx and Prometheus when they are missing (the test scripts' own setup,
// which does nothing when they are there), then runs bench.ts, which starts the real stack on
// 127.0.0.1, runs each scenario under bench/rollout/load.mjs, and stops everything it started.
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
for (const setup of ['test/rollout/setup-proxy.sh', 'test/rollout/setup-prometheus.sh']) {
  const ran = spawnSync('bash', [join(root, setup)], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (ran.status !== 0) {
    console.error(`${setup} failed (${ran.status ?? ran.signal})`);
    process.exit(1);
  }
}
// Not spawnSync: a SIGINT/SIGTERM sent to this process alone is passed on, so bench.ts stops
// the stack it started.
const child = spawn(
  process.execPath,
  [join(root, 'scripts/ts-run.mjs'), join(root, 'bench/rollout/bench.ts'), ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 130 : 1);
});
