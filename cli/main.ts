import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '@deploy-kit/action-kit';
import { findToolkitRoot } from '@deploy-kit/local-runner';
import { UsageError, oneLine, type CliCommand } from './command';
import { configCommand } from './commands/config';
import { historyCommand } from './commands/history';
import { metricsCommand } from './commands/metrics';
import { planCommand } from './commands/plan';
import { runCommand } from './commands/run';
import { workflowCommand } from './commands/workflow';

const commands: readonly CliCommand[] = [
  configCommand,
  historyCommand,
  metricsCommand,
  planCommand,
  runCommand,
  workflowCommand,
];

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: deploy-kit <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `deploy-kit <command> --help` for a command’s options; `deploy-kit --version` prints the version.',
  ].join('\n');
}

/** The version in deploy-kit's own package.json: the CLI runs from its checkout (dist/cli or the sources). */
function version(): string {
  const root = findToolkitRoot(import.meta.dirname);
  return String((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown }).version);
}

const names = (): string => commands.map((c) => c.name).join(', ');

// Every mistake is one line on stderr; the usage text is printed only when asked for (--help).
async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h') {
    console.log(help());
    return 0;
  }
  if (name === '--version' || name === '-V') {
    console.log(`deploy-kit ${version()}`);
    return 0;
  }
  if (!name) {
    console.error(`deploy-kit: name a command: ${names()} (deploy-kit --help describes them)`);
    return 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`deploy-kit: unknown command "${name}"; the commands are ${names()} (deploy-kit --help)`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`deploy-kit ${name}: ${oneLine(error.message)} (deploy-kit ${name} --help shows the options)`);
      return 2;
    }
    if (error instanceof UserError) {
      console.error(`deploy-kit ${name}: ${oneLine(error.message)}`);
      return 1;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  // A bug, not a mistake of the user's: one line, and its stack in debug output (RUNNER_DEBUG=1).
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`deploy-kit: unexpected error: ${oneLine(message)} (RUNNER_DEBUG=1 prints its stack)`);
    if (process.env.RUNNER_DEBUG === '1' && error instanceof Error && error.stack) console.error(error.stack);
    process.exitCode = 1;
  },
);
