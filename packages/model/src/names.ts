/**
 * The names a configuration file gives things. Each pattern is strict on purpose: these names
 * end up in image names, compose project files, GitHub environment names, concurrency groups and
 * log lines, so nothing that could start an option (`-x`) or break a line gets through.
 */

/** A service: also its compose service and the last part of its default image name. */
export const SERVICE_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
export const SERVICE_NAME_RULE = 'lower-case letters and digits, with single ".", "_" or "-" between them, e.g. api';

/** An environment: a GitHub environment name (case-insensitive there). */
export const ENVIRONMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;
export const ENVIRONMENT_NAME_RULE = 'letters, digits, ".", "_" or "-", starting with a letter or digit, e.g. staging';

/** A host name, an IPv4 address or a bracketed IPv6 address. */
export const HOST_NAME =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])$/;

/** A POSIX user name. */
export const USER_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/;

/** A variable compose interpolates (`image: ${API_IMAGE}`). */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `500ms`, `5s`, `2m`, `1h`, `1.5s` or a bare number of seconds (as the action inputs accept). */
export const DURATION = /^\d+(?:\.\d+)?\s*(?:ms|s|m|h)?$/;

/** A path on a host or in the repository: not an option, one line. */
export const PATH_TEXT = /^[^-\r\n\0][^\r\n\0]*$/;

/** One line of text. */
export const ONE_LINE = /^[^\r\n\0]*$/;

/** `<SERVICE>_IMAGE`: the service name upper-cased, anything but letters and digits becoming `_`. */
export function defaultImageVariable(service: string): string {
  return `${service.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_IMAGE`;
}

/** A name as it can be shown inside one line of an error: quoted, control characters escaped. */
export function quoted(name: string): string {
  return JSON.stringify(name);
}
