import type { YamlFile } from './files';

const OWN = /^deploy-kit\/deploy-kit(\/|@)/i;

/**
 * Every `uses:` of someone else's action or workflow must be pinned to a full
 * commit SHA (a tag can be moved to other code), with the version it stands
 * for in a comment so people and update bots can read it. Local paths are
 * exempt, and so are deploy-kit's own actions (`deploy-kit/deploy-kit/<name>@v1`):
 * NOT because they run at the caller's ref (they do not: a reusable workflow
 * pinned by SHA still runs the actions at the moving `v1` tag it names), but
 * because deploy-kit publishes them and moves `v1` only through its release
 * workflow; docs/releasing.md explains what a consumer pinning a SHA gets.
 */
export function findUnpinnedUses(file: YamlFile): string[] {
  const findings: string[] = [];
  file.source.split('\n').forEach((line, index) => {
    const match = /^\s*(?:-\s+)?uses:\s*(['"]?)([^'"\s#]+)\1\s*(#.*)?$/.exec(line);
    if (!match) return;
    const uses = match[2] as string;
    const comment = match[3];
    const where = `${file.path}:${index + 1}`;
    if (uses.startsWith('./') || OWN.test(uses)) return;
    if (uses.startsWith('docker://')) {
      if (!/@sha256:[0-9a-f]{64}$/.test(uses)) findings.push(`${where}: ${uses} is not pinned by digest (@sha256:...)`);
      return;
    }
    if (!/@[0-9a-f]{40}$/.test(uses)) {
      findings.push(`${where}: ${uses} is not pinned to a full 40-character commit SHA`);
      return;
    }
    if (!comment || !/#\s*v?\d+(\.\d+)*/.test(comment)) {
      findings.push(`${where}: ${uses} is pinned but has no version comment (e.g. # v4.2.2)`);
    }
  });
  return findings;
}
