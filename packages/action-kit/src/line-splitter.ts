/**
 * Turns chunks of process output into whole lines (without `\n` or `\r\n`),
 * so a line split across two chunks still reaches the handler as one. The
 * one splitter for every child process deploy-kit streams: SSH sessions,
 * deploy scripts, the local runner's steps.
 */
export function lineSplitter(onLine: (line: string) => void): { write(chunk: string): void; end(): void } {
  let rest = '';
  return {
    write(chunk) {
      const lines = (rest + chunk).split(/\r?\n/);
      rest = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    },
    /** Hands over a last line that had no newline. */
    end() {
      if (rest !== '') onLine(rest);
      rest = '';
    },
  };
}
