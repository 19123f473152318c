import * as core from '@actions/core';
import { field, readInputs, splitLines, type ReadInputsOptions } from '@deploy-kit/action-kit';
import {
  healthCheckFields,
  isSensitiveHeader,
  toHealthCheckOptions,
  urlSecrets,
  type HealthCheckOptions,
} from '@deploy-kit/health';

export const inputShape = { url: field.required(), ...healthCheckFields };

/**
 * Reads and validates every input before any request. Passwords in URLs and
 * credential headers (Authorization, Cookie, *token*, *key*...) are masked
 * first, so not even an error message can show them.
 */
export function readHealthCheckInputs(options: ReadInputsOptions = {}): HealthCheckOptions {
  const inputs = readInputs(inputShape, options);
  const urls = splitLines(inputs.url);
  for (const url of urls) for (const secret of urlSecrets(url)) core.setSecret(secret);
  const parsed = toHealthCheckOptions(urls, inputs);
  for (const [name, value] of parsed.headers) if (isSensitiveHeader(name) && value) core.setSecret(value);
  return parsed;
}
