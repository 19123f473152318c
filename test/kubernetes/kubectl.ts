import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KubectlRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** This machine's kubectl 1.32 at /usr/bin; on a GitHub runner, the one on PATH. */
export const KUBECTL = process.env.KUBECTL ?? (existsSync('/usr/bin/kubectl') ? '/usr/bin/kubectl' : 'kubectl');

/** The real kubectl against a kubeconfig (text), with its own HOME so no cache or config leaks in. */
export async function kubectlSession(
  kubeconfig: string,
): Promise<{ run: (...args: string[]) => Promise<KubectlRun>; close: () => Promise<void> }> {
  const home = await mkdtemp(join(tmpdir(), 'kubectl-home-'));
  const file = join(home, 'kubeconfig');
  await writeFile(file, kubeconfig, { mode: 0o600 });
  const run = (...args: string[]): Promise<KubectlRun> =>
    new Promise((resolve) => {
      execFile(
        KUBECTL,
        args,
        { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBECONFIG: file }, timeout: 90_000 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  return { run, close: () => rm(home, { recursive: true, force: true }) };
}
