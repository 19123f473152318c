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

/**
 * The two-service layout of the issue: `api` and `frontend`, each from its own
 * image variable, in a named compose file as production keeps it.
 */
export function createTwoServiceProject(ports: { api: number; frontend: number }): string {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-kit-compose-services-'));
  writeFileSync(
    join(dir, 'docker-compose.prod.yml'),
    [
      'services:',
      '  api:',
      '    image: ${API_IMAGE}',
      '    ports:',
      `      - "127.0.0.1:${ports.api}:8080"`,
      '  frontend:',
      '    image: ${FRONTEND_IMAGE}',
      '    ports:',
      `      - "127.0.0.1:${ports.frontend}:8080"`,
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, '.env'), '# kept by every deploy\nLOG_LEVEL=info\n');
  return dir;
}
