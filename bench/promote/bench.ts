import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { RegistryClient } from '@deploy-kit/registry';
import { runCommand, startRegistry, type Registry } from '../../test/infra/index';
import { pushSyntheticImage, type SyntheticKind } from '../../packages/registry/test/push-synthetic-image';

/**
 * Promotion benchmark: one image promoted to two new tags, by RegistryClient.promote
 * (manifest copy) and by `skopeo copy` (one run per tag), on the same local registry,
 * alternating, several repetitions. Counts requests from the registry's own access log.
 */

interface Sample {
  ms: number;
  requests: number;
  blobRequests: number;
}

const args = process.argv.slice(2);
const reps = Number(args[args.indexOf('--reps') + 1] ?? '') || 9;
const kinds: SyntheticKind[] = ['docker-manifest', 'oci-index'];

/** Request lines the registry logged after `from`; the access log is the neutral referee. */
function accessLog(registry: Registry, from: number): { requests: number; blobRequests: number; size: number } {
  const text = readFileSync(registry.logFile, 'utf8');
  const lines = text
    .slice(from)
    .split('\n')
    .filter((line) => /"(GET|HEAD|PUT|POST|PATCH|DELETE) \/v2\//.test(line));
  return {
    requests: lines.length,
    blobRequests: lines.filter((line) => /"[A-Z]+ \/v2\/\S*\/blobs\//.test(line)).length,
    size: text.length,
  };
}

async function digestOf(client: RegistryClient, ref: string): Promise<string> {
  const found = await client.resolve(ref);
  if (!found) throw new Error(`${ref} missing`);
  return found.digest;
}

async function measure(registry: Registry, work: () => Promise<void>): Promise<Sample> {
  const before = accessLog(registry, 0).size;
  const start = performance.now();
  await work();
  const ms = performance.now() - start;
  // The registry writes its access log line after answering; give it a moment to land.
  await new Promise((resolve) => setTimeout(resolve, 150));
  const { requests, blobRequests } = accessLog(registry, before);
  return { ms, requests, blobRequests };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

async function benchKind(registry: Registry, kind: SyntheticKind): Promise<void> {
  const repository = `bench/${kind}`;
  const source = await pushSyntheticImage(registry.host, repository, 'sha-ffac537', kind);
  const checker = new RegistryClient();
  const ours: Sample[] = [];
  const skopeo: Sample[] = [];
  const ourClientBlobRequests: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    const runOurs = async () => {
      const client = new RegistryClient();
      ours.push(
        await measure(
          registry,
          async () =>
            void (await client.promote(`${registry.host}/${repository}:sha-ffac537`, [
              `ours-${rep}-a`,
              `ours-${rep}-b`,
            ])),
        ),
      );
      ourClientBlobRequests.push(client.stats.blobRequests);
    };
    const runSkopeo = async () => {
      skopeo.push(
        await measure(registry, async () => {
          for (const tag of [`skopeo-${rep}-a`, `skopeo-${rep}-b`]) {
            await runCommand(
              'skopeo',
              [
                'copy',
                '--all',
                '--preserve-digests',
                '--src-tls-verify=false',
                '--dest-tls-verify=false',
                '--quiet',
                `docker://${registry.host}/${repository}:sha-ffac537`,
                `docker://${registry.host}/${repository}:${tag}`,
              ],
              { timeoutMs: 60_000 },
            );
          }
        }),
      );
    };
    // Alternate who goes first, so neither always meets a warmer registry.
    if (rep % 2) {
      await runSkopeo();
      await runOurs();
    } else {
      await runOurs();
      await runSkopeo();
    }
    for (const tag of [`ours-${rep}-a`, `ours-${rep}-b`, `skopeo-${rep}-a`, `skopeo-${rep}-b`]) {
      const digest = await digestOf(checker, `${registry.host}/${repository}:${tag}`);
      if (digest !== source.digest) throw new Error(`${tag} has digest ${digest}, expected ${source.digest}`);
    }
  }
  const oursMs = median(ours.map((s) => s.ms));
  const skopeoMs = median(skopeo.map((s) => s.ms));
  console.log(`\n${kind} (${source.mediaType}), ${reps} repetitions, 2 new tags each; digests identical: yes`);
  console.table({
    'RegistryClient.promote': {
      'median ms': oursMs.toFixed(1),
      'requests (registry log)': median(ours.map((s) => s.requests)),
      'blob requests (registry log)': Math.max(...ours.map((s) => s.blobRequests)),
      'blob requests (client stats)': Math.max(...ourClientBlobRequests),
    },
    'skopeo copy x2': {
      'median ms': skopeoMs.toFixed(1),
      'requests (registry log)': median(skopeo.map((s) => s.requests)),
      'blob requests (registry log)': median(skopeo.map((s) => s.blobRequests)),
      'blob requests (client stats)': '—',
    },
  });
  console.log(`skopeo / ours: ${(skopeoMs / oursMs).toFixed(1)}x`);
}

const registry = await startRegistry();
try {
  const { stdout } = await runCommand('skopeo', ['--version'], { timeoutMs: 10_000 });
  console.log(`${stdout.trim()}; node ${process.version}; registry ${registry.host}`);
  for (const kind of kinds) await benchKind(registry, kind);
} finally {
  await registry.stop();
}
