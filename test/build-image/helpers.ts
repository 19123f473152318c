import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fetchWithTimeout } from '@deploy-kit/http';
import { MANIFEST_ACCEPT } from '@deploy-kit/registry';
import type { BundledActionRun } from '../support/run-bundled-action';

const root = resolve(import.meta.dirname, '../..');

/** Reads a real webhook fixture (see test/fixtures/events/README.md). */
export function eventFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(root, 'test/fixtures/events', `${name}.json`), 'utf8')) as Record<
    string,
    unknown
  >;
}

/** A build context with the busybox app's Dockerfile, as a user's repository would have. */
export function makeBuildContext(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-kit-build-image-context-'));
  copyFileSync(join(root, 'test/fixtures/app-image/Dockerfile'), join(dir, 'Dockerfile'));
  copyFileSync('/bin/busybox', join(dir, 'busybox'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A `docker` on PATH that writes each invocation's arguments to a file and then
 * runs the real docker CLI: proof of whether the action built or pushed anything.
 */
export function recordingDocker(): { path: string; calls(): string[]; reset(): void; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-kit-docker-shim-'));
  const real = (process.env.PATH ?? '')
    .split(delimiter)
    .map((entry) => join(entry, 'docker'))
    .find((candidate) => existsSync(candidate));
  if (!real) throw new Error('the docker CLI is not on PATH');
  const log = join(dir, 'calls.log');
  writeFileSync(log, '');
  writeFileSync(join(dir, 'docker'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${real}' "$@"\n`);
  chmodSync(join(dir, 'docker'), 0o755);
  return {
    path: `${dir}${delimiter}${process.env.PATH ?? ''}`,
    calls: () => readFileSync(log, 'utf8').split('\n').filter(Boolean),
    reset: () => writeFileSync(log, ''),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The registry's own tags/list for a repository ([] when it does not exist). */
export async function registryTags(host: string, repository: string, auth?: string): Promise<string[]> {
  const { response, body } = await fetchWithTimeout(`http://${host}/v2/${repository}/tags/list`, {
    headers: auth ? { Authorization: auth } : {},
    timeoutMs: 10_000,
  });
  if (response.status === 404) return [];
  if (!response.ok) throw new Error(`tags/list answered ${response.status}`);
  return ((JSON.parse(body.toString()) as { tags: string[] | null }).tags ?? []).sort();
}

/** The registry's own answer for a manifest: Docker-Content-Digest, Content-Type and the bytes. */
export async function registryManifest(host: string, repository: string, reference: string, auth?: string) {
  const { response, body } = await fetchWithTimeout(`http://${host}/v2/${repository}/manifests/${reference}`, {
    headers: { Accept: MANIFEST_ACCEPT, ...(auth ? { Authorization: auth } : {}) },
    timeoutMs: 10_000,
  });
  return {
    status: response.status,
    digest: response.headers.get('docker-content-digest'),
    mediaType: response.headers.get('content-type'),
    bytes: body,
  };
}

/** `::error::` lines of a run (what the step shows as failures). */
export function errorLines(run: BundledActionRun): string[] {
  return run.log.split('\n').filter((line) => line.startsWith('::error::'));
}

export { visibleOutput as visibleText } from '../support/run-bundled-action';
