import type { CliCommand } from '../command';

// Placeholder until this command is written.
export const planCommand: CliCommand = {
  name: 'plan',
  summary: 'not yet available',
  usage: 'deploy-kit plan',
  run: async () => {
    console.error('deploy-kit plan: not yet available');
    return 1;
  },
};
