import { UserError } from '@deploy-kit/action-kit';
import { UsageError, type CliCommand } from './command';
import { configCommand } from './commands/config';
import { planCommand } from './commands/plan';
import { runCommand } from './commands/run';
import { workflowCommand } from './commands/workflow';

const commands: readonly CliCommand[] = [configCommand, planCommand, runCommand, workflowCommand];

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: deploy-kit <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `deploy-kit <command> --help` for a command’s options.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h') {
    console.log(help());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`deploy-kit: unknown command "${name}"\n\n${help()}`);
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
      console.error(`deploy-kit ${name}: ${error.message}\n\n${command.usage}`);
      return 2;
    }
    if (error instanceof UserError) {
      console.error(`deploy-kit ${name}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  },
);
