import { isIPv4 } from 'node:net';
import { DOCKER_HUB } from './reference';

/**
 * Whether a registry host (with optional port) is this machine. Docker talks
 * plain HTTP to these and HTTPS to everything else; so do we.
 */
export function isLoopbackRegistry(registry: string): boolean {
  const host = hostOf(registry).toLowerCase();
  if (host === 'localhost' || host === '::1') return true;
  return isIPv4(host) && host.startsWith('127.');
}

function hostOf(registry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(registry);
  if (bracketed) return bracketed[1] as string;
  const colon = registry.lastIndexOf(':');
  return colon >= 0 ? registry.slice(0, colon) : registry;
}

/** The base URL of a registry's API (Docker Hub's API lives on another host). */
export function registryBaseUrl(registry: string): string {
  if (registry === DOCKER_HUB) return 'https://registry-1.docker.io';
  return `${isLoopbackRegistry(registry) ? 'http' : 'https'}://${registry}`;
}

/** Whether a URL may carry credentials: HTTPS, or plain HTTP to this machine only. */
export function isSafeUrl(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackRegistry(url.host);
}
