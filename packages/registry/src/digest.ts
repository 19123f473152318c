import { createHash } from 'node:crypto';

/** The content digest of some bytes, as registries name them. */
export function sha256Digest(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
