import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

export type KubeconfigResult = { kind: 'ok'; config: KubeConfig } | { kind: 'invalid'; message: string };

/**
 * Runs `work` with the kubeconfig (a secret, given as text) written to a 0600 file in a fresh
 * 0700 directory under `tempRoot` (the runner's RUNNER_TEMP), loaded with the official client, and
 * removed afterwards whatever happens. The file is written rather than parsed from memory so that
 * relative paths and exec plugins resolve as kubectl resolves them. Its content is never logged:
 * parse errors name the problem, not the text.
 */
export async function withKubeconfig<T>(
  args: { text: string; context?: string; tempRoot?: string },
  work: (result: KubeconfigResult) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(args.tempRoot ?? tmpdir(), 'deploy-kit-kube-'));
  try {
    const file = join(dir, 'kubeconfig');
    await writeFile(file, args.text, { mode: 0o600 });
    return await work(loadKubeconfig(file, args.context));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function loadKubeconfig(file: string, context: string | undefined): KubeconfigResult {
  const config = new KubeConfig();
  try {
    config.loadFromFile(file);
  } catch (error) {
    // The client's YAML errors can quote the text; keep only the first line's kind of problem.
    const detail = error instanceof Error && error.name ? error.name : 'error';
    return {
      kind: 'invalid',
      message: `the kubeconfig secret is not a valid kubeconfig (${detail}); expected the YAML of a kubeconfig file`,
    };
  }
  if (context !== undefined && context !== '') {
    if (!config.getContextObject(context)) {
      const known = config.getContexts().map((c) => c.name);
      return {
        kind: 'invalid',
        message: `kube-context "${context}" is not in the kubeconfig; it has: ${known.join(', ') || 'no contexts'}`,
      };
    }
    config.setCurrentContext(context);
  }
  if (!config.getCurrentCluster()) {
    return {
      kind: 'invalid',
      message: 'the kubeconfig has no current context with a cluster; set current-context or the kube-context input',
    };
  }
  if (!config.getCurrentUser()) {
    return { kind: 'invalid', message: "the kubeconfig's current context names no user with credentials" };
  }
  return { kind: 'ok', config };
}
