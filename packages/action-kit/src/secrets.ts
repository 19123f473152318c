import * as core from '@actions/core';

/**
 * Registers a secret with the runner so it is masked in every later log line.
 * The runner masks line by line, so a multi-line secret (an SSH key) is
 * registered line by line too. URLs also have their password, and their
 * decoded form, registered: a webhook URL can appear percent-decoded in an
 * error message.
 */
export function maskSecret(value: string | undefined): void {
  if (!value) return;
  const parts = new Set<string>([value.trim()]);
  for (const line of value.split(/\r?\n/)) if (line.trim().length >= 4) parts.add(line.trim());
  try {
    const url = new URL(value.trim());
    if (url.password) {
      parts.add(url.password);
      parts.add(decodeURIComponent(url.password));
    }
    if (url.pathname.length > 8) parts.add(url.pathname);
  } catch {
    // Not a URL: nothing more to register.
  }
  for (const part of parts) if (part) core.setSecret(part);
}
