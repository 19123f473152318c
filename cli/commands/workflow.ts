import type { CliCommand } from '../command';

// Placeholder until this command is written.
export const workflowCommand: CliCommand = {
  name: 'workflow',
  summary: 'not yet available',
  usage: 'deploy-kit workflow',
  run: async () => {
    console.error('deploy-kit workflow: not yet available');
    return 1;
  },
};
