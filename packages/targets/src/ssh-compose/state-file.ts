import type { DeployRequest, RunningRelease, ServiceSlot } from '../types';

/**
 * The record a deploy leaves on the host of what it put there, read back as
 * "what runs now" by the next deploy and by rollback's "already running".
 *
 * One file per service set (and compose file) in the project: two service
 * sets deployed into one project (say `release.yml` called once for the api
 * and once for the frontend) never read each other's record. Each
 * environment has its own target (host and project), so the record is
 * per environment as well.
 */
export const STATE_DIR = '.deploy-kit/releases';

/** Where today's single-image version kept its one record: read as the service `app`. */
export const LEGACY_STATE_FILE = '.deploy-kit/release.json';

/** The single service of the inputs path, which a legacy record describes. */
export const LEGACY_SERVICE = 'app';

/** What a state file holds (written as JSON). */
export interface ReleaseRecord {
  version: string;
  environment: string;
  deployedAt: string;
  services: Array<{ service: string; imageVariable: string; image: string; digest: string; imageRef: string }>;
}

/** Anything but letters, digits, `.`, `_`, `+` and `-` becomes `_`: the key is a file name. */
function fileSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9._+-]/g, '_');
}

/**
 * The state file of a service set: every service with its image variable
 * (the inputs path names every service `app`, so two calls with different
 * image variables are still two sets), sorted, plus the compose file.
 */
export function stateFileFor(slots: readonly ServiceSlot[], composeFile: string | undefined): string {
  const set = [...slots]
    .map((slot) => `${slot.service}.${slot.imageVariable}`)
    .sort()
    .join('+');
  const file = composeFile ? `${composeFile}--` : '';
  return `${STATE_DIR}/${fileSafe(`${file}${set}`)}.json`;
}

/** Whether the legacy single-image record may describe this set: the one service `app`. */
export function readsLegacyState(slots: readonly ServiceSlot[]): boolean {
  return slots.length === 1 && slots[0]?.service === LEGACY_SERVICE;
}

export function recordOf(request: DeployRequest, deployedAt: Date): ReleaseRecord {
  return {
    version: request.version,
    environment: request.environment,
    deployedAt: deployedAt.toISOString(),
    services: request.services.map(({ service, imageVariable, image, digest, imageRef }) => ({
      service,
      imageVariable,
      image,
      digest,
      imageRef,
    })),
  };
}

/**
 * A state file's text as a release, or undefined when it does not describe
 * this set. `legacy`: today's `{ imageRef, digest, version }` of one image,
 * read as the service `app`.
 */
export function releaseFromRecord(
  text: string,
  slots: readonly ServiceSlot[],
  format: 'current' | 'legacy',
): RunningRelease | undefined {
  const parsed: unknown = JSON.parse(text);
  if (!isObject(parsed)) return undefined;
  const version = typeof parsed.version === 'string' ? { version: parsed.version } : {};
  if (format === 'legacy') {
    const service = { service: LEGACY_SERVICE, ...imageFields(parsed) };
    return { ...version, services: [service] };
  }
  const recorded = Array.isArray(parsed.services) ? parsed.services.filter(isObject) : [];
  const services = slots.map((slot) => {
    const entry = recorded.find((item) => item.service === slot.service && item.imageVariable === slot.imageVariable);
    return { service: slot.service, ...(entry ? imageFields(entry) : {}) };
  });
  return { ...version, services };
}

function imageFields(entry: Record<string, unknown>): { imageRef?: string; digest?: string } {
  return {
    ...(typeof entry.imageRef === 'string' ? { imageRef: entry.imageRef } : {}),
    ...(typeof entry.digest === 'string' ? { digest: entry.digest } : {}),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
