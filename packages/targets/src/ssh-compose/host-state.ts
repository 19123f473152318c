import type { RunningRelease, RunningService, ServiceSlot } from '../types';
import { composeFileServices } from './compose-file-services';
import { ENV_FILE_PRESENT } from './remote-scripts';
import { releaseFromRecord } from './state-file';

export interface HostState {
  /** The services the compose file defines; undefined when the compose command could not list them. */
  composeServices?: string[];
  /** The exit code of a failed `compose config --services`. */
  composeConfigExit?: number;
  /**
   * The probe sent the compose file, but its services depend on more than its
   * keys (see composeFileServices): `config --services` has to list them.
   */
  askCompose?: true;
  /** Image variables that no compose file of the project mentions. */
  unusedVariables: string[];
  /** What deploy-kit (or, failing that, `.env`) says runs now for the service set. */
  release?: RunningRelease;
  /** The whole `.env` when the probe was asked for it and the file exists. */
  envFile?: string;
}

/** Reads the probe's tagged lines (see probeScript), then maybe `.env` itself after its marker line. */
export function parseProbe(stdout: string, slots: readonly ServiceSlot[], warn: (line: string) => void): HostState {
  const all = stdout.split('\n');
  const marker = all.indexOf(ENV_FILE_PRESENT);
  // Lines of .env never count as probe lines, whatever they start with.
  const lines = marker < 0 ? all : all.slice(0, marker);
  const tagged = (tag: string) => lines.filter((line) => line.startsWith(tag)).map((line) => line.slice(tag.length));
  const services = serviceList(lines);
  const envValues = new Map<string, string>();
  for (const entry of tagged('env:')) {
    const at = entry.indexOf('=');
    const value = entry.slice(at + 1).trim();
    if (at > 0 && value !== '') envValues.set(entry.slice(0, at), value);
  }
  const recorded = recordedRelease(tagged('state:')[0], tagged('legacystate:')[0], slots, warn);
  const release = runningNow(slots, recorded, envValues);
  return {
    ...services,
    unusedVariables: tagged('novar:'),
    ...(release ? { release } : {}),
    ...(marker < 0 ? {} : { envFile: all.slice(marker + 1).join('\n') }),
  };
}

/**
 * The compose services as the probe gives them: read from the compose file it
 * sent, listed by `config --services`, or the exit code of a failed listing.
 */
export function serviceList(
  lines: readonly string[],
): Pick<HostState, 'composeServices' | 'composeConfigExit' | 'askCompose'> {
  const tagged = (tag: string) => lines.find((line) => line.startsWith(tag))?.slice(tag.length);
  const file = tagged('composefile:');
  if (file !== undefined) {
    const names = composeFileServices(Buffer.from(file.trim(), 'base64').toString('utf8'));
    return names ? { composeServices: names } : { askCompose: true };
  }
  const listed = tagged('composeservices:');
  if (listed !== undefined) return { composeServices: listed.split(/\s+/).filter(Boolean) };
  const configExit = tagged('composeconfig:exit:');
  return configExit === undefined ? {} : { composeConfigExit: Number(configExit) };
}

/** The set's own state file, else today's single-image one (for the service `app`). */
function recordedRelease(
  stateText: string | undefined,
  legacyText: string | undefined,
  slots: readonly ServiceSlot[],
  warn: (line: string) => void,
): RunningRelease | undefined {
  const candidates: Array<[string | undefined, 'current' | 'legacy']> = [
    [stateText, 'current'],
    [legacyText, 'legacy'],
  ];
  for (const [text, format] of candidates) {
    if (!text?.trim()) continue;
    try {
      return releaseFromRecord(text, slots, format);
    } catch {
      warn('The deploy-kit state file on the host is not valid JSON; ignoring it');
    }
  }
  return undefined;
}

/**
 * Per service: the record, unless `.env` names another image (someone
 * changed it by hand since: compose runs what `.env` says); then the release
 * is no longer the recorded version as a whole.
 */
function runningNow(
  slots: readonly ServiceSlot[],
  recorded: RunningRelease | undefined,
  envValues: ReadonlyMap<string, string>,
): RunningRelease | undefined {
  let intact = recorded !== undefined;
  const services = slots.map((slot): RunningService => {
    const record = recorded?.services.find((entry) => entry.service === slot.service);
    const fromEnv = envValues.get(slot.imageVariable);
    if (fromEnv !== undefined && fromEnv !== record?.imageRef) {
      intact = false;
      return fromImage(slot.service, fromEnv);
    }
    if (record?.imageRef !== undefined) return { ...record, service: slot.service };
    return { service: slot.service };
  });
  if (!services.some((service) => service.imageRef !== undefined)) return undefined;
  return intact && recorded?.version !== undefined ? { version: recorded.version, services } : { services };
}

function fromImage(service: string, imageRef: string): RunningService {
  const digest = /@(sha256:[a-f0-9]{64})$/.exec(imageRef)?.[1];
  return digest ? { service, imageRef, digest } : { service, imageRef };
}
