import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A compose project as a team would keep it on its server: the service's
 * image comes from `${IMAGE}`, other settings from `.env`.
 */
export function createComposeProject(appPort: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-kit-compose-project-'));
  writeFileSync(
    join(dir, 'compose.yml'),
    ['services:', '  web:', '    image: ${IMAGE}', '    ports:', '      - "127.0.0.1:${APP_PORT}:8080"', ''].join('\n'),
  );
  writeFileSync(join(dir, '.env'), `# kept by every deploy\nAPP_PORT=${appPort}\n`);
  return dir;
}

/** GET a URL on the deployed app; undefined when nothing answers. */
export async function fetchText(url: string): Promise<string | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    return (await response.text()).trim();
  } catch {
    return undefined;
  }
}
