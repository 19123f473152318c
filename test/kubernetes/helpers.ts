import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock, type KubeLog, type Runtime } from '@deploy-kit/kubernetes';

export const GOOD = `ghcr.io/acme/shop/api@sha256:${'a'.repeat(64)}`;
export const BROKEN = `ghcr.io/acme/shop/api@sha256:${'b'.repeat(64)}`;
export const OTHER = `ghcr.io/acme/shop/api@sha256:${'c'.repeat(64)}`;

export function deploymentYaml(name = 'api', replicas = 2, extra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: {app: ${name}}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: ${name}
          image: placeholder
          ports: [{containerPort: 8080}]
          readinessProbe:
            httpGet: {path: /health, port: 8080}
${extra}`;
}

export function serviceYaml(name = 'api'): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: {app: ${name}}
  ports: [{port: 80, targetPort: 8080}]
`;
}

/** A manifests folder holding `files` (name -> YAML). */
export async function manifestsFolder(
  files: Record<string, string>,
): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'kube-manifests-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface CapturedLog extends KubeLog {
  lines: string[];
}

export function captureLog(): CapturedLog {
  const lines: string[] = [];
  return { lines, info: (line) => lines.push(line), warning: (line) => lines.push(`warning: ${line}`) };
}

/** Short backoff and polling: the stand-in steps every few ms. */
export function runtime(log: KubeLog, signal: AbortSignal = new AbortController().signal): Runtime {
  return { log, signal, clock: systemClock, backoffMs: 20, pollMs: 50, callTimeoutMs: 10_000 };
}
