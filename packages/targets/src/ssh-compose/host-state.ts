import type { RunningRelease } from '../types';

export interface HostState {
  /** What deploy-kit (or, failing that, `.env`) says runs now. */
  release?: RunningRelease;
}

/**
 * Reads the probe's output: a `state:` line with the JSON state file (empty
 * when the host was never deployed by deploy-kit) and an `env:` line with the
 * image variable from `.env`.
 */
export function parseProbe(stdout: string, warn: (line: string) => void): HostState {
  const lines = stdout.split('\n');
  const stateText =
    lines
      .find((line) => line.startsWith('state:'))
      ?.slice('state:'.length)
      .trim() ?? '';
  const envImage =
    lines
      .find((line) => line.startsWith('env:'))
      ?.slice('env:'.length)
      .trim() ?? '';
  if (stateText) {
    try {
      const state = JSON.parse(stateText) as Record<string, unknown>;
      const release: RunningRelease = {};
      if (typeof state.imageRef === 'string') release.imageRef = state.imageRef;
      if (typeof state.digest === 'string') release.digest = state.digest;
      if (typeof state.version === 'string') release.version = state.version;
      // A later manual edit of .env wins over our record: report what compose will run.
      if (envImage && release.imageRef && envImage !== release.imageRef) return { release: fromImage(envImage) };
      return { release };
    } catch {
      warn('The deploy-kit state file on the host is not valid JSON; ignoring it');
    }
  }
  return envImage ? { release: fromImage(envImage) } : {};
}

function fromImage(imageRef: string): RunningRelease {
  const digest = /@(sha256:[a-f0-9]{64})$/.exec(imageRef)?.[1];
  return digest ? { imageRef, digest } : { imageRef };
}
