import type { RunningRelease } from '../types';
import { ENV_FILE_PRESENT } from './remote-scripts';

export interface HostState {
  /** What deploy-kit (or, failing that, `.env`) says runs now. */
  release?: RunningRelease;
  /** The whole `.env` when the probe was asked for it and the file exists. */
  envFile?: string;
}

/**
 * Reads the probe's output: a `state:` line with the JSON state file (empty
 * when the host was never deployed by deploy-kit), an `env:` line with the
 * image variable from `.env`, then maybe `.env` itself after its marker line.
 */
export function parseProbe(stdout: string, warn: (line: string) => void): HostState {
  const all = stdout.split('\n');
  const marker = all.indexOf(ENV_FILE_PRESENT);
  // Lines of .env never count as probe lines, whatever they start with.
  const lines = marker < 0 ? all : all.slice(0, marker);
  const envFile = marker < 0 ? {} : { envFile: all.slice(marker + 1).join('\n') };
  return { ...releaseFrom(lines, warn), ...envFile };
}

function releaseFrom(lines: string[], warn: (line: string) => void): HostState {
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
