import type { DeploymentRecord } from '@deploy-kit/ledger';
import type { RunningRelease, TargetLog } from '@deploy-kit/targets';

/**
 * What runs before this release, for the ledger's `previous` and the outputs:
 * per service. The target's own answer wins (it is what really runs); the
 * ledger's current deployment of the same environment and service set fills
 * in what the target cannot tell, e.g. the version. Undefined when neither
 * knows anything. `recorded` is the ledger's current deployment of that
 * environment and service set (read by the caller, side by side with the
 * target's answer).
 */
export function previousRelease(
  running: RunningRelease | undefined,
  recorded: DeploymentRecord | undefined,
  context: { log: TargetLog },
): RunningRelease | undefined {
  const fromLedger: RunningRelease | undefined = recorded
    ? {
        version: recorded.payload.version,
        services: recorded.payload.services.map(({ service, image, digest }) => ({
          service,
          digest,
          imageRef: imageRefOf(image, digest),
        })),
      }
    : undefined;
  const known = running?.services.filter((s) => s.digest || s.imageRef) ?? [];
  if (!running || known.length === 0) return fromLedger;
  const sameAsLedger =
    fromLedger !== undefined &&
    running.services.every(
      (s) => s.digest && fromLedger.services.find((l) => l.service === s.service)?.digest === s.digest,
    );
  if (fromLedger && !sameAsLedger) {
    context.log.info(
      `The target runs ${running.services.map((s) => s.imageRef ?? s.digest ?? `${s.service}: unknown`).join(', ')}, not the ledger's current ${fromLedger.version ?? 'release'}`,
    );
  }
  const version = running.version ?? (sameAsLedger ? fromLedger.version : undefined);
  return { ...(version ? { version } : {}), services: running.services };
}

/** `repo@sha256:…` from a payload's image (which may carry a tag) and digest. */
export function imageRefOf(image: string, digest: string): string {
  const withoutDigest = image.replace(/@sha256:[a-f0-9]+$/, '');
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const repository = colon > lastSlash ? withoutDigest.slice(0, colon) : withoutDigest;
  return `${repository}@${digest}`;
}
