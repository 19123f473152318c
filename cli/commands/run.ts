import type { CliCommand } from '../command';

// Placeholder until this command is written.
export const runCommand: CliCommand = {
  name: 'run',
  summary: 'not yet available',
  usage: 'deploy-kit run',
  run: async () => {
    console.error('deploy-kit run: not yet available');
    return 1;
  },
};
