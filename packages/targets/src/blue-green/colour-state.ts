import type { DeployRequest } from '../types';
import { COLOURS, type Colour } from './colour-scripts';

/** What one colour runs, as deploy-kit recorded it on the host. */
export interface ColourRelease {
  version: string;
  services: Array<{ service: string; imageRef: string }>;
  /** The loopback port of the routed service. */
  port: number;
  startedAt: string;
  /** When it stopped taking traffic (its `keep` counts from here); absent while live. */
  leftTrafficAt?: string;
}

/** The state file: each colour's release. Which one is live is read from the proxy file. */
export interface ColoursState {
  colours: Partial<Record<Colour, ColourRelease>>;
}

export function parseColoursState(text: string | undefined): ColoursState {
  if (!text) return { colours: {} };
  try {
    const parsed: unknown = JSON.parse(text);
    const colours: ColoursState['colours'] = {};
    if (typeof parsed === 'object' && parsed !== null && 'colours' in parsed) {
      const entries = (parsed as { colours: unknown }).colours;
      for (const colour of COLOURS) {
        const entry = (entries as Record<string, unknown> | null)?.[colour];
        if (isColourRelease(entry)) colours[colour] = entry;
      }
    }
    return { colours };
  } catch {
    // A file we cannot read is treated as no record: the colours are started afresh.
    return { colours: {} };
  }
}

function isColourRelease(value: unknown): value is ColourRelease {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return typeof entry.version === 'string' && typeof entry.port === 'number' && Array.isArray(entry.services);
}

/** Whether a colour's record runs exactly the request's images. */
export function runsRequest(release: ColourRelease | undefined, request: DeployRequest): boolean {
  if (!release) return false;
  const wanted = request.services.map((s) => `${s.service}=${s.imageRef}`).sort();
  const has = release.services.map((s) => `${s.service}=${s.imageRef}`).sort();
  return wanted.length === has.length && wanted.every((entry, i) => entry === has[i]);
}
