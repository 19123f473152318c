import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { composeFileServices } from '../../packages/targets/src/ssh-compose/compose-file-services';
import { COMPOSE_V1 } from '../infra/compose-plugin';

/**
 * The ssh-compose probe reads the service names from the compose file itself
 * instead of running `compose config --services` on the host. Whatever it
 * reads must be what the real compose lists for the same file: checked here
 * against the Compose installed on this test host (Debian's Compose v1, the
 * one behind the test hosts' `docker compose`).
 */
const files: Record<string, string> = {
  'one service from a variable':
    'services:\n  web:\n    image: ${IMAGE}\n    ports:\n      - "127.0.0.1:${APP_PORT}:8080"\n',
  'two services in a named file': [
    'services:',
    '  api:',
    '    image: ${API_IMAGE}',
    '  frontend:',
    '    image: ${FRONTEND_IMAGE}',
    '    depends_on: [api]',
    '',
  ].join('\n'),
  'a version key, anchors, extension fields, volumes, quoted and dotted names': [
    'version: "3.8"',
    'x-env: &env',
    '  LOG_LEVEL: info',
    'services:',
    '  "front-end":',
    '    image: nginx',
    '    environment: *env',
    '  db.primary:',
    '    image: postgres',
    '    volumes: [data:/var/lib/postgresql/data]',
    '  worker_2:',
    "    image: 'w:${TAG:-latest}'",
    'volumes:',
    '  data: {}',
    '',
  ].join('\n'),
  'services in flow style': 'services: { a: { image: x }, b: { image: y } }\n',
};

describe('service names read from the compose file are the names compose lists', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  const composeLists = (text: string): string[] => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-file-services-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'compose.yml'), text);
    const out = execFileSync(COMPOSE_V1, ['-f', 'compose.yml', 'config', '--services'], {
      cwd: dir,
      env: { ...process.env, COMPOSE_FILE: '', COMPOSE_PROFILES: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return out.toString().split('\n').filter(Boolean);
  };

  it('has a compose to compare with', () => {
    expect(existsSync(COMPOSE_V1)).toBe(true);
  });

  it.each(Object.entries(files))('%s', (_what, text) => {
    const read = composeFileServices(text);
    expect(read).toBeDefined();
    // The same names; the order only shapes an error message.
    expect([...read!].sort()).toEqual(composeLists(text).sort());
  });

  it('leaves to compose the files where the keys alone do not decide (compose lists them differently)', () => {
    const profiles = 'services:\n  web:\n    image: x\n  debug:\n    image: y\n    profiles: [debug]\n';
    // Compose v1 lists a service with a profile; Compose v2 only when the profile is active.
    expect(composeLists(profiles).sort()).toEqual(['debug', 'web']);
    expect(composeFileServices(profiles)).toBeUndefined();
    // YAML 1.1 (Compose v1) reads an unquoted `yes` as a boolean, YAML 1.2 as a string.
    expect(composeFileServices('services:\n  "yes":\n    image: x\n')).toBeUndefined();
  });
});
