import type { ServerResponse } from 'node:http';

/** A metav1.Status error, as the API server sends it. */
export interface ApiStatus {
  code: number;
  reason: string;
  message: string;
  details?: object;
}

export function sendStatus(res: ServerResponse, status: ApiStatus, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', ...status });
  res.writeHead(status.code, { 'content-type': 'application/json', ...headers });
  res.end(body);
}

export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};
