/**
 * Turns chunks of process output into whole lines, so a line split across two
 * chunks is still logged as one.
 */
export function lineSplitter(onLine: ((line: string) => void) | undefined): {
  push(text: string): void;
  flush(): void;
} {
  let pending = '';
  return {
    push(text) {
      if (!onLine) return;
      pending += text;
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const part of parts) onLine(part.replace(/\r$/, ''));
    },
    flush() {
      if (onLine && pending !== '') onLine(pending);
      pending = '';
    },
  };
}
