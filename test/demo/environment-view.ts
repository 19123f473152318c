import { describeFetchError, fetchWithTimeout } from '@deploy-kit/http';
import type { Sshd } from '../infra';
import type { ComposeEnvironment } from './stack/compose-projects';

/** What an environment is running and serving right now. */
export interface EnvironmentView {
  name: string;
  url: string;
  /** GET /api/health parsed, or undefined when nothing answers. */
  health?: { status?: string; version?: string; revision?: string };
  /** GET / as text. */
  page?: string;
  /** The image reference its container was started from (deploy pins it by digest). */
  runningImage?: string;
  /** Why health/page are missing. */
  error?: string;
}

const TIMEOUT_MS = 5_000;

async function runningImage(sshd: Sshd, environment: ComposeEnvironment): Promise<string | undefined> {
  const ids = await sshd.exec(`cd '${environment.projectDir}' && docker compose ps -q`, { timeoutMs: 60_000 });
  const id = ids.stdout.trim().split('\n')[0];
  if (!id) return undefined;
  const inspected = await sshd.exec(`docker inspect --format '{{.Config.Image}}' ${id}`, { timeoutMs: 30_000 });
  return inspected.stdout.trim();
}

/** Looks at an environment as its users and operators would: over HTTP, and on the server. */
export async function viewEnvironment(sshd: Sshd, environment: ComposeEnvironment): Promise<EnvironmentView> {
  const view: EnvironmentView = { name: environment.name, url: environment.url };
  try {
    view.runningImage = await runningImage(sshd, environment);
  } catch (error) {
    view.error = `docker compose ps: ${error instanceof Error ? error.message : String(error)}`;
  }
  try {
    const health = await fetchWithTimeout(environment.healthUrl, { timeoutMs: TIMEOUT_MS });
    view.health = JSON.parse(health.body.toString('utf8')) as EnvironmentView['health'];
    const page = await fetchWithTimeout(`${environment.url}/`, { timeoutMs: TIMEOUT_MS });
    view.page = page.body.toString('utf8').trim();
  } catch (error) {
    view.error = `${view.error ? `${view.error}; ` : ''}${describeFetchError(error)}`;
  }
  return view;
}
