import { validSshDestination } from './ssh-destination';

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
  /** The master connection's control socket, reused by every command of the session. */
  controlPath: string;
}

/** ssh expands %-tokens in these path options; a literal % must be doubled. */
const pathValue = (path: string) => path.replace(/%/g, '%%');

/**
 * The options every invocation shares, destination excluded. `-F /dev/null`
 * keeps the runner's own ~/.ssh/config out of it; BatchMode never waits for a
 * password prompt; the server-alive probes turn a silently dropped connection
 * into an error within about 30 seconds instead of a hung job. The host key is
 * checked by the master connection; a command that has to connect on its own
 * (the master is gone) checks it again with the same options.
 */
function clientOptions(connection: SshConnection, files: SshFiles): string[] {
  const { port, user } = validSshDestination(connection);
  const hostKeyOptions = connection.skipHostKeyCheck
    ? ['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null']
    : ['-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${pathValue(files.knownHostsFile)}`];
  return [
    '-F',
    '/dev/null',
    '-o',
    'BatchMode=yes',
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    `IdentityFile=${pathValue(files.keyFile)}`,
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
    '-o',
    `ControlPath=${pathValue(files.controlPath)}`,
    '-p',
    String(port),
    '-l',
    user,
  ];
}

/**
 * The master connection: authenticates once (`-N`: no remote command), then
 * serves every command of the session over its control socket until it is
 * stopped. ControlPersist=no keeps it in the foreground, a child process the
 * session stops by its pid. The host is after `--`, so it is never an option.
 */
export function masterArguments(connection: SshConnection, files: SshFiles): string[] {
  return [
    ...clientOptions(connection, files),
    '-M',
    '-N',
    '-o',
    'ControlMaster=yes',
    '-o',
    'ControlPersist=no',
    '--',
    validSshDestination(connection).host,
  ];
}

/**
 * One remote command over the master's socket (ControlMaster=no: never
 * becomes a master itself). If the socket is gone, ssh connects on its own
 * with the same options, host key checked. `--` ends the options: the host
 * and the command after it are never read as options.
 */
export function commandArguments(connection: SshConnection, files: SshFiles, command: string): string[] {
  return [
    ...clientOptions(connection, files),
    '-T',
    '-o',
    'ControlMaster=no',
    '--',
    validSshDestination(connection).host,
    command,
  ];
}
