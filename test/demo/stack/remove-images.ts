import { runCommand } from '../../infra';

/**
 * Removes every local image of the demo's repository (built by build-image, pulled by
 * compose on the SSH host). They live in the machine's shared Podman storage, which
 * would otherwise grow with every run. Only this run's registry address matches, so
 * other runs' images are left alone.
 */
export async function removeImages(image: string): Promise<void> {
  const { stdout } = await runCommand('podman', ['images', '--quiet', '--filter', `reference=${image}`], {
    timeoutMs: 30_000,
  });
  const ids = [...new Set(stdout.split('\n').filter(Boolean))];
  if (ids.length) await runCommand('podman', ['rmi', '--force', ...ids], { timeoutMs: 60_000 });
}
