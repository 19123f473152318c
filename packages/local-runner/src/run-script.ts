import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '@deploy-kit/action-kit';
import type { Cancellation } from './cancellation';
import { spawnLogged } from './spawn-logged';

/** The command lines GitHub's Linux runners use for each `shell:`. */
function shellCommand(shell: string | undefined, script: string): [string, string[]] {
  switch (shell ?? 'bash') {
    case 'bash':
      return ['bash', ['--noprofile', '--norc', '-eo', 'pipefail', script]];
    case 'sh':
      return ['sh', ['-e', script]];
    case 'python':
      return ['python3', [script]];
    default: {
      if (!shell?.includes('{0}'))
        throw new UserError(`Unsupported shell "${shell}" (use bash, sh, python or a command with {0})`);
      const [command, ...args] = shell.split(/\s+/).map((part) => part.replace('{0}', script));
      return [command as string, args];
    }
  }
}

/** Runs a `run:` step's script in a file, with the step's environment. */
export async function runScript(options: {
  script: string;
  shell?: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  tempDir: string;
  onLine: (line: string) => void;
  timeoutMs?: number;
  cancellation?: Cancellation;
}): Promise<number> {
  const file = join(options.tempDir, 'script.sh');
  writeFileSync(file, options.script);
  const [command, args] = shellCommand(options.shell, file);
  const timeoutMs = options.timeoutMs ?? 30 * 60_000;
  const outcome = await spawnLogged(command, args, {
    cwd: options.cwd,
    env: options.env,
    onLine: options.onLine,
    timeoutMs,
    ...(options.cancellation ? { cancellation: options.cancellation } : {}),
  });
  if (outcome.kind === 'not-started') {
    options.onLine(`Error: cannot start ${command}: ${outcome.error.message}`);
    return 127;
  }
  if (outcome.kind === 'timed-out') {
    options.onLine(`Error: the step ran longer than its ${formatMinutes(timeoutMs)} and was stopped`);
    // 124, as timeout(1) reports a command it stopped.
    return 124;
  }
  return outcome.code;
}

function formatMinutes(ms: number): string {
  const minutes = ms / 60_000;
  return `${Number.isInteger(minutes) ? minutes : minutes.toFixed(2)} minute(s)`;
}
