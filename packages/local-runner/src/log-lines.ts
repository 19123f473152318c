import type { Masker } from './masker';

export type Log = (line: string) => void;

function unescapeData(text: string): string {
  return text.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
}

/**
 * Turns what an action prints into what the runner's log shows: workflow
 * commands (`::error::`, `::add-mask::`, groups) are interpreted, secrets are
 * masked, debug lines appear only when asked for.
 */
export function createLineHandler(options: {
  log: Log;
  masker: Masker;
  debug: boolean;
  prefix?: string;
}): (line: string) => void {
  const { log, masker, debug, prefix = '' } = options;
  const print = (text: string): void => {
    for (const line of text.split('\n')) log(prefix + masker.mask(line));
  };
  return (line: string) => {
    const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line);
    if (!command) return print(line);
    const name = command[1] as string;
    const message = unescapeData(command[2] ?? '');
    switch (name) {
      case 'add-mask':
        masker.add(message);
        return;
      case 'error':
        return print(`Error: ${message}`);
      case 'warning':
        return print(`Warning: ${message}`);
      case 'notice':
        return print(`Notice: ${message}`);
      case 'debug':
        if (debug) print(`Debug: ${message}`);
        return;
      case 'group':
        return print(`▸ ${message}`);
      case 'endgroup':
        return;
      default:
        return print(line);
    }
  };
}
