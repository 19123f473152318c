import { UserError } from '@deploy-kit/action-kit';
import type { SshConnection } from './ssh-options';

/** The SSH connection itself failed (exit 255): unreachable, wrong key, wrong host key. */
export class SshConnectionError extends UserError {
  override name = 'SshConnectionError';
}

/**
 * Explains an ssh exit status 255 in one line a user can act on. OpenSSH
 * reports connection-level failures on stderr with this exit code; the
 * remote command's own failures use its exit code instead.
 */
export function describeSshFailure(connection: SshConnection, stderr: string): SshConnectionError {
  const where = `${connection.user}@${connection.host}:${connection.port}`;
  const said = lastLine(stderr);
  if (
    /Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|No (ED25519|RSA|ECDSA)? ?host key is known/i.test(
      stderr,
    )
  ) {
    const portHint =
      connection.port === 22
        ? ''
        : ` (for port ${connection.port} the known_hosts line must start with [${connection.host}]:${connection.port})`;
    return new SshConnectionError(
      `SSH host key verification failed for ${where}: the key the server presented is not in "ssh-known-hosts"${portHint}. ` +
        'Refusing to connect; check the host, or update the known_hosts entry (ssh-keyscan from a trusted network).',
    );
  }
  if (/Permission denied/i.test(stderr)) {
    return new SshConnectionError(
      `SSH authentication failed for ${where}: the server refused "ssh-key" for user "${connection.user}".`,
    );
  }
  if (/Connection refused/i.test(stderr))
    return new SshConnectionError(`Cannot connect to ${where}: connection refused.`);
  if (/timed out/i.test(stderr)) return new SshConnectionError(`Cannot connect to ${where}: connection timed out.`);
  if (/Could not resolve hostname/i.test(stderr))
    return new SshConnectionError(`Cannot resolve the SSH host "${connection.host}".`);
  if (/invalid format|error in libcrypto|load key/i.test(stderr)) {
    return new SshConnectionError(
      'The "ssh-key" input is not a valid private key (paste the whole key, BEGIN and END lines included).',
    );
  }
  return new SshConnectionError(
    `The SSH connection to ${where} failed${said ? `: ${said}` : ' (ssh exited with 255)'}.`,
  );
}

function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return lines[lines.length - 1] ?? '';
}
