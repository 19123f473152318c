import { z } from 'zod';
import { splitLines } from '@deploy-kit/action-kit';

/**
 * Newline-separated `KEY=VALUE` pairs (build-args, labels). The value may
 * itself hold `=`; only the first one splits. Order is kept: later keys win
 * in Docker too.
 */
export const keyValueLines = () =>
  z
    .string()
    .transform(splitLines)
    .refine((lines) => lines.every((line) => /^[^=\s][^=]*=/.test(line)), {
      message: 'must be one KEY=VALUE per line',
    })
    .transform((lines) =>
      lines.map((line) => {
        const at = line.indexOf('=');
        return { key: line.slice(0, at).trim(), value: line.slice(at + 1) };
      }),
    );

export type KeyValue = { key: string; value: string };

/** Comma- or newline-separated values, e.g. `linux/amd64,linux/arm64`. */
export const commaList = () =>
  z.string().transform((text) =>
    text
      .split(/[,\n]/)
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  );
