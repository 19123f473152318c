import { readFileSync } from 'node:fs';

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
}

/**
 * The requests in a registry's access log (combined log format), from a byte
 * offset on: what reached the registry, whatever the client claims.
 */
export function accessLog(logFile: string, fromOffset = 0): LoggedRequest[] {
  const text = readFileSync(logFile).subarray(fromOffset).toString('utf8');
  const requests: LoggedRequest[] = [];
  for (const match of text.matchAll(/"(GET|HEAD|PUT|POST|PATCH|DELETE) (\S+) HTTP\/[\d.]+" (\d{3})/g)) {
    requests.push({ method: match[1] as string, path: match[2] as string, status: Number(match[3]) });
  }
  return requests;
}

/** The current end of the log, to read only what a run adds. */
export function logOffset(logFile: string): number {
  return readFileSync(logFile).length;
}
