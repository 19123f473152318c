import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Parses the runner's file-command format (GITHUB_OUTPUT, GITHUB_ENV):
 * `name=value` lines and `name<<DELIMITER` heredocs, as @actions/core writes them.
 */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const heredoc = /^([^=]+?)<<(.+)$/.exec(line);
    if (heredoc && !line.slice(0, line.indexOf('<<')).includes('=')) {
      const name = heredoc[1] as string;
      const delimiter = heredoc[2] as string;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] as string);
      values[name] = value.join('\n');
    } else if (line.includes('=')) {
      const at = line.indexOf('=');
      values[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return values;
}

/** The files one step gets for its file commands, read back after it ends. */
export interface StepFiles {
  dir: string;
  output: string;
  env: string;
  summary: string;
  path: string;
  state: string;
  event: string;
  read(): { outputs: Record<string, string>; env: Record<string, string>; summary: string };
  remove(): void;
}

export function createStepFiles(event: unknown): StepFiles {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-kit-step-'));
  const file = (name: string, content = ''): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const files = {
    dir,
    output: file('output'),
    env: file('env'),
    summary: file('summary'),
    path: file('path'),
    state: file('state'),
    event: file('event.json', JSON.stringify(event ?? {})),
  };
  return {
    ...files,
    read: () => ({
      outputs: parseFileCommands(readFileSync(files.output, 'utf8')),
      env: parseFileCommands(readFileSync(files.env, 'utf8')),
      summary: readFileSync(files.summary, 'utf8'),
    }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
