import { InputError } from '@deploy-kit/action-kit';

/** Where an SSH connection goes, as the user gave it (inputs ssh-host, ssh-user, ssh-port). */
export interface SshDestination {
  host: string;
  user: string;
  port: number;
}

/** The action input each part of a destination comes from, for the error line. */
export const DESTINATION_INPUTS = { host: 'ssh-host', user: 'ssh-user', port: 'ssh-port' } as const;

export type DestinationCheck =
  | { kind: 'valid'; destination: SshDestination }
  | {
      kind: 'invalid';
      part: keyof SshDestination;
      input: (typeof DESTINATION_INPUTS)[keyof SshDestination];
      problem: string;
    };

// Whitespace, C0/C1 control characters and DEL: they split or hide words on a command line and in logs.
const hasSpaceOrControl = (value: string): boolean =>
  [...value].some((character) => {
    const code = character.codePointAt(0) ?? 0;
    return /\s/u.test(character) || code < 0x20 || (code >= 0x7f && code <= 0x9f);
  });
// Host names (letters, digits, dot, hyphen, underscore) and IPv4/IPv6 literals (colon, % zone).
// Nothing else: `@` would change the login user, `/` and `[` start ssh:// and bracket syntaxes.
const HOST_CHARACTERS = /^[A-Za-z0-9._:%-]+$/;

/**
 * What is wrong with an ssh-host value, or undefined when it is fine. The
 * value is put after `--` on the ssh command line anyway; this refuses it
 * early, with a clear line, before anything runs.
 */
export function sshHostProblem(host: string): string | undefined {
  if (host === '') return 'must not be empty';
  if (host.startsWith('-'))
    return 'must not start with "-" (ssh would read it as an option), give a host name or IP address';
  if (hasSpaceOrControl(host)) return 'must not contain spaces or control characters, give a host name or IP address';
  if (!HOST_CHARACTERS.test(host)) {
    return 'must be a host name or IP address (letters, digits, ".", "-", "_", ":"), without a user@ or ssh:// part';
  }
  return undefined;
}

/** What is wrong with an ssh-user value, or undefined when it is fine. */
export function sshUserProblem(user: string): string | undefined {
  if (user === '') return 'must not be empty';
  if (user.startsWith('-')) return 'must not start with "-" (ssh would read it as an option), give a login name';
  if (hasSpaceOrControl(user)) return 'must not contain spaces or control characters, give a login name';
  if (/[@:%]/.test(user)) return 'must be a login name only, without "@", ":" or "%" (the host goes in ssh-host)';
  return undefined;
}

/** What is wrong with an ssh-port value, or undefined when it is fine. */
export function sshPortProblem(port: number): string | undefined {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? undefined : 'must be a whole number from 1 to 65535';
}

/** Checks a whole destination; the first problem names the input it came from. */
export function checkSshDestination(destination: SshDestination): DestinationCheck {
  const problems: [keyof SshDestination, string | undefined][] = [
    ['host', sshHostProblem(destination.host)],
    ['user', sshUserProblem(destination.user)],
    ['port', sshPortProblem(destination.port)],
  ];
  for (const [part, problem] of problems) {
    if (problem) return { kind: 'invalid', part, input: DESTINATION_INPUTS[part], problem };
  }
  return { kind: 'valid', destination };
}

/**
 * The destination, or an InputError naming the input and the value (one
 * `::error::` line at the action's boundary). Called before any ssh runs.
 */
export function validSshDestination(destination: SshDestination): SshDestination {
  const check = checkSshDestination(destination);
  if (check.kind === 'valid') return check.destination;
  throw new InputError(check.input, `${check.problem} (got ${JSON.stringify(String(destination[check.part]))})`);
}
