// Deploy benchmark, on the real stack of test/deploy/real-host.ts: a registry, Podman behind
// the docker CLI, an sshd (host key checked) whose compose project runs on that Podman, and
// the local GitHub API. Runs the one-step action (the root action.yml, bundled by run.mjs)
// as the runner does. See README.md here for what is measured.
import { parseArgs } from 'node:util';
import { cpus, loadavg } from 'node:os';
import { healthInputs, startRealHost, type RealHost } from '../../test/deploy/real-host';
import { groups, runTimed, timeInside, waitingSpans, type TimedRun } from './action-run';
import { ServingWatch } from './serving';

const { values } = parseArgs({
  options: {
    action: { type: 'string', multiple: true },
    reps: { type: 'string', default: '5' },
  },
});
// `name=path` pairs: the same measurements run for each bundle (e.g. before=..., after=...).
const variants = (values.action ?? []).map((pair) => {
  const [name, path] = pair.split('=');
  if (!name || !path) throw new Error('run this with `node bench/deploy/run.mjs`');
  return { name, path };
});
const reps = Number(values.reps) || 5;
if (variants.length === 0) throw new Error('run this with `node bench/deploy/run.mjs`');

const GOOD = 'v1.0.0';
const OTHER = 'v3.0.0';
const broken = (variant: number, rep: number) => `v2.${variant}.${rep}`;

interface Sample {
  /** (a) action start until the new version serves. */
  cleanToServing: number;
  /** (a) action start until it exits. */
  cleanTotal: number;
  /** (c) the clean deploy's wall time (start -> exit) minus compose pull/up and health checks. */
  cleanOwn: number;
  /** (c) the same, from the start until the new version serves (the rollout's critical path). */
  cleanOwnToServing: number;
  cleanSshConnections: number;
  /** (b) the broken release's first failed check until the previous version serves again. */
  rollbackToServing: number;
  /** (c) deploy-kit's own time inside that window (minus compose and health). */
  rollbackOwn: number;
  rollbackSshConnections: number;
  /** (d) where the clean deploy's time before `compose pull` went, phase by phase (see PHASES). */
  phases: number[];
  /**
   * (e) From `compose up -d` returning until the new version answers: the app starting in its
   * container. Part of (c) until serving, though deploy-kit does nothing on that path then.
   */
  upToServing: number;
}

/**
 * (d) The clean deploy's path up to `compose pull`, cut at lines every run prints: each phase
 * ends where the next one's line appears (NaN when a bundle does not print that line).
 */
const PHASES: { name: string; until: RegExp }[] = [
  { name: 'Node start, bundle load, inputs', until: /^::(add-mask|group)::|^▶ / },
  { name: 'pre-deploy checks', until: /^▶ Deploy / },
  { name: 'resolve, SSH connect, host check, ledger record', until: /^Recorded deployment / },
  // The `.env` write: its own remote command before the pull, or the pull's first line (ENV_WRITTEN).
  { name: 'until `compose pull` starts (.env)', until: /^::group::[^,]* pull$|^Set \S.* in \.env$/ },
];

/** When the clean deploy's `up -d` group ended (NaN without one). */
function upDoneAt(run: TimedRun): number {
  const up = groups(run).find((span) => / up -d$/.test(span.title));
  return up ? up.end : Number.NaN;
}

function phasesOf(run: TimedRun): number[] {
  let from = run.startedAt;
  return PHASES.map(({ until }) => {
    const line = run.lines.find((candidate) => candidate.at >= from && until.test(candidate.text));
    if (!line) return Number.NaN;
    const took = line.at - from;
    from = line.at;
    return took;
  });
}

const median = (numbers: number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function check(run: TimedRun, expectSuccess: boolean, what: string): void {
  if ((run.exitCode === 0) !== expectSuccess) {
    const tail = run.lines
      .slice(-25)
      .map((line) => line.text)
      .join('\n');
    throw new Error(`${what}: exit code ${run.exitCode}, expected ${expectSuccess ? 0 : 'a failure'}\n${tail}`);
  }
}

function ownTime(run: TimedRun, from: number, to: number): number {
  return to - from - timeInside(waitingSpans(run), from, to);
}

async function main(): Promise<void> {
  const started = Date.now();
  const images: { version: string; health?: 'ok' | 'unhealthy' }[] = [{ version: GOOD }, { version: OTHER }];
  variants.forEach((_, v) => {
    for (let rep = 0; rep < reps; rep++) images.push({ version: broken(v, rep), health: 'unhealthy' });
  });
  console.log(`Starting the stack and building ${images.length} images...`);
  const host: RealHost = await startRealHost({ images });
  const watch = new ServingWatch(`http://127.0.0.1:${host.appPort}/`);
  const results = new Map<string, Sample[]>(variants.map((variant) => [variant.name, []]));
  try {
    const deploy = async (entry: string, environment: string, version: string) => {
      const before = host.sshd.acceptedConnections();
      const run = await runTimed(
        entry,
        {
          ...host.sshInputs(),
          environment,
          production: 'false',
          image: host.images[version]!.image,
          ...healthInputs(host, version),
        },
        host.env(),
      );
      if (process.env.BENCH_DEPLOY_LOG) {
        for (const line of run.lines) console.log(`  +${((line.at - run.startedAt) / 1000).toFixed(2)}s ${line.text}`);
      }
      return { run, sshConnections: host.sshd.acceptedConnections() - before };
    };
    variants.forEach((variant) => host.api.seed.environment(`bench-${variant.name}`));
    for (let rep = 0; rep < reps; rep++) {
      for (const [v, variant] of variants.entries()) {
        const environment = `bench-${variant.name}`;
        // Start from another healthy version, so the clean deploy changes what runs.
        check((await deploy(variant.path, environment, OTHER)).run, true, `${variant.name}: deploy ${OTHER}`);

        const clean = await deploy(variant.path, environment, GOOD);
        check(clean.run, true, `${variant.name}: deploy ${GOOD}`);
        const cleanServing = watch.firstServing(GOOD, clean.run.startedAt);
        if (cleanServing === undefined) throw new Error(`${GOOD} never served`);

        const bad = broken(v, rep);
        const rolled = await deploy(variant.path, environment, bad);
        check(rolled.run, false, `${variant.name}: deploy ${bad} (expected to fail and roll back)`);
        const firstFailed = rolled.run.lines.find(
          (line) => /^attempt \d+ .*HTTP 200\b/.test(line.text) && !/: (healthy|passed)/.test(line.text),
        );
        if (!firstFailed) throw new Error(`${variant.name}: no failed check of ${bad} in the log`);
        const backAt = watch.firstServing(GOOD, firstFailed.at);
        if (backAt === undefined) throw new Error(`${variant.name}: ${GOOD} did not serve again after ${bad}`);

        const sample: Sample = {
          cleanToServing: cleanServing - clean.run.startedAt,
          cleanTotal: clean.run.exitedAt - clean.run.startedAt,
          cleanOwn: ownTime(clean.run, clean.run.startedAt, clean.run.exitedAt),
          cleanOwnToServing: ownTime(clean.run, clean.run.startedAt, cleanServing),
          cleanSshConnections: clean.sshConnections,
          rollbackToServing: backAt - firstFailed.at,
          rollbackOwn: ownTime(rolled.run, firstFailed.at, backAt),
          rollbackSshConnections: rolled.sshConnections,
          phases: phasesOf(clean.run),
          upToServing: Math.max(0, cleanServing - upDoneAt(clean.run)),
        };
        results.get(variant.name)!.push(sample);
        console.log(
          `rep ${rep + 1}/${reps} ${variant.name}: clean ${seconds(sample.cleanToServing)} to serving (own ${seconds(sample.cleanOwnToServing)}; exit ${seconds(sample.cleanTotal)}, own ${seconds(sample.cleanOwn)}; ${sample.cleanSshConnections} ssh), ` +
            `failed check -> ${GOOD} serving ${seconds(sample.rollbackToServing)} (own ${seconds(sample.rollbackOwn)}, ${sample.rollbackSshConnections} ssh); ` +
            `phases ${sample.phases.map(seconds).join(' / ')}, up -d -> serving ${seconds(sample.upToServing)}; load ${loadavg()[0]!.toFixed(1)}`,
        );
      }
    }
  } finally {
    await watch.stop();
    await host.stop();
  }

  console.log(
    `\nMedians of ${reps} runs each; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores; ${Math.round((Date.now() - started) / 1000)} s in all.\n`,
  );
  console.log(
    '| Bundle | (a) clean deploy: start -> serving | (a) start -> exit | (b) first failed check -> previous serving | (b) / (a) | (c) own time, clean deploy: start -> serving | (c) own time, clean deploy: start -> exit | (c) own time in (b) | SSH connections: clean / with rollback |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, samples] of results) {
    const m = (pick: (sample: Sample) => number) => median(samples.map(pick));
    console.log(
      `| ${name} | ${seconds(m((s) => s.cleanToServing))} | ${seconds(m((s) => s.cleanTotal))} | ${seconds(m((s) => s.rollbackToServing))} | ` +
        `${(m((s) => s.rollbackToServing) / m((s) => s.cleanToServing)).toFixed(2)}x | ${seconds(m((s) => s.cleanOwnToServing))} | ${seconds(m((s) => s.cleanOwn))} | ${seconds(m((s) => s.rollbackOwn))} | ` +
        `${m((s) => s.cleanSshConnections)} / ${m((s) => s.rollbackSshConnections)} |`,
    );
  }
  console.log(`\n(d) The clean deploy until \`compose pull\` starts, phase by phase (medians):\n`);
  console.log(
    `| Bundle | ${PHASES.map((phase) => phase.name).join(' | ')} | (e) after \`up -d\` until serving (the app starting) | (c) own until serving, without (e) |`,
  );
  console.log(`| --- |${PHASES.map(() => ' ---: |').join('')} ---: | ---: |`);
  for (const [name, samples] of results) {
    const cells = PHASES.map((_, i) => {
      const took = median(samples.map((sample) => sample.phases[i]!).filter((ms) => !Number.isNaN(ms)));
      return Number.isNaN(took) ? '-' : seconds(took);
    });
    const up = median(samples.map((sample) => sample.upToServing).filter((ms) => !Number.isNaN(ms)));
    const own = median(samples.map((sample) => sample.cleanOwnToServing - sample.upToServing));
    console.log(`| ${name} | ${cells.join(' | ')} | ${seconds(up)} | ${seconds(own)} |`);
  }
}

await main();
