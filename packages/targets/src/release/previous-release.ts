import type { DeploymentLedger } from '@deploy-kit/ledger';
import type { RunningRelease, TargetLog } from '../types';

/**
 * What runs before this deploy, for the ledger's `previous` and the outputs.
 * The target's own answer wins (it is what really runs); the ledger's current
 * deployment fills in what the target cannot tell, e.g. the version.
 */
export async function previousRelease(
  running: RunningRelease | undefined,
  ledger: DeploymentLedger,
  environment: string,
  log: TargetLog,
): Promise<RunningRelease | undefined> {
  const recorded = await ledger.current(environment);
  const fromLedger: RunningRelease | undefined = recorded
    ? {
        digest: recorded.payload.digest,
        version: recorded.payload.version,
        imageRef: imageRefOf(recorded.payload.image, recorded.payload.digest),
      }
    : undefined;
  if (!running?.digest && !running?.imageRef) return fromLedger;
  if (fromLedger && running.digest && fromLedger.digest !== running.digest) {
    log.info(
      `The target runs ${running.imageRef ?? running.digest}, not the ledger's current ${fromLedger.version ?? fromLedger.digest}`,
    );
  }
  const sameAsLedger = fromLedger && running.digest && fromLedger.digest === running.digest;
  return {
    ...running,
    version: running.version ?? (sameAsLedger ? fromLedger.version : undefined),
  };
}

/** `repo@sha256:…` from a payload's image (which may carry a tag) and digest. */
export function imageRefOf(image: string, digest: string): string {
  const withoutDigest = image.replace(/@sha256:[a-f0-9]+$/, '');
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const repository = colon > lastSlash ? withoutDigest.slice(0, colon) : withoutDigest;
  return `${repository}@${digest}`;
}
