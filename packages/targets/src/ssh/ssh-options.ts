/** Everything needed to reach one SSH host; the key and host keys as text. */
export interface SshConnection {
  host: string;
  port: number;
  user: string;
  privateKey: string;
  /** known_hosts lines; undefined only with skipHostKeyCheck. */
  knownHosts?: string;
  skipHostKeyCheck: boolean;
  connectTimeoutMs: number;
}

/** Paths of the files written for one session. */
export interface SshFiles {
  keyFile: string;
  knownHostsFile: string;
}

/**
 * The client options. `-F /dev/null` keeps the runner's own ~/.ssh/config out
 * of it; BatchMode never waits for a password prompt; the server-alive probes
 * turn a silently dropped connection into an error within about 30 seconds
 * instead of a hung job.
 */
export function sshArguments(connection: SshConnection, files: SshFiles): string[] {
  const hostKeyOptions = connection.skipHostKeyCheck
    ? ['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null']
    : ['-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${files.knownHostsFile}`];
  return [
    '-F',
    '/dev/null',
    '-T',
    '-o',
    'BatchMode=yes',
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    `IdentityFile=${files.keyFile}`,
    '-o',
    'PasswordAuthentication=no',
    '-o',
    'KbdInteractiveAuthentication=no',
    ...hostKeyOptions,
    '-o',
    'GlobalKnownHostsFile=/dev/null',
    '-o',
    'LogLevel=ERROR',
    '-o',
    `ConnectTimeout=${Math.max(1, Math.ceil(connection.connectTimeoutMs / 1000))}`,
    '-o',
    'ServerAliveInterval=10',
    '-o',
    'ServerAliveCountMax=3',
    '-p',
    String(connection.port),
    '-l',
    connection.user,
    connection.host,
  ];
}
