import * as core from '@actions/core';
import { field, readInputs, type ReadInputsOptions } from '@deploy-kit/action-kit';
import {
  healthCheckFields,
  isSensitiveHeader,
  parseQueryParamNames,
  toHealthCheckOptions,
  urlSecrets,
  type HealthCheckOptions,
} from '@deploy-kit/health';

/** `url` holds one URL per line; an empty one is refused by toHealthCheckOptions. */
export const inputShape = { url: field.lines(), ...healthCheckFields };

/**
 * Reads and validates every input before any request. Passwords in URLs,
 * secret query values (`?token=`, and the names in redact-query-params) and
 * credential headers (Authorization, Cookie, *token*, *key*...) are masked
 * first, so not even an error message can show them.
 */
export function readHealthCheckInputs(options: ReadInputsOptions = {}): HealthCheckOptions {
  const inputs = readInputs(inputShape, options);
  const urls = inputs.url;
  const secretParams = parseQueryParamNames(inputs['redact-query-params']);
  for (const url of urls) for (const secret of urlSecrets(url, secretParams)) core.setSecret(secret);
  const parsed = toHealthCheckOptions(urls, inputs);
  for (const [name, value] of parsed.headers) if (isSensitiveHeader(name) && value) core.setSecret(value);
  return parsed;
}
