import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The parts of GitHub's OpenAPI description the fake reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<string, unknown>;
    parameters: Record<string, OpenApiParameter>;
    responses: Record<string, OpenApiResponse>;
    examples: Record<string, { value: unknown }>;
  };
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: unknown;
}

export interface OpenApiResponse {
  content?: Record<string, { schema?: unknown }>;
}

export interface OpenApiOperation {
  operationId: string;
  parameters?: (OpenApiParameter | { $ref: string })[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
  responses: Record<string, OpenApiResponse | { $ref: string }>;
}

let cached: OpenApiDocument | undefined;

/**
 * GitHub's REST description for api.github.com, read once per process (it is
 * 13 MB, so only when a fake server is first started, never at import time).
 */
export function loadGitHubSpec(): OpenApiDocument {
  if (!cached) {
    const require = createRequire(import.meta.url);
    const path = require.resolve('@octokit/openapi/generated/api.github.com.json');
    cached = JSON.parse(readFileSync(path, 'utf8')) as OpenApiDocument;
  }
  return cached;
}

/** A spec example's value, deep-copied so callers can change it. */
export function example<T>(name: string): T {
  const found = loadGitHubSpec().components.examples[name];
  if (!found) throw new Error(`No example named ${name} in GitHub's OpenAPI description`);
  return structuredClone(found.value) as T;
}
