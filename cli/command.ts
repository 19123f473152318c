/** One `deploy-kit <name>` subcommand. Each lives in its own file under commands/. */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Returns the process exit code. */
  run(args: string[]): Promise<number>;
}

/** A mistake on the command line: printed as one line pointing at `--help`, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Errors are printed on one line: a message that spans several is joined with "; ". */
export function oneLine(message: string): string {
  return message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('; ');
}
