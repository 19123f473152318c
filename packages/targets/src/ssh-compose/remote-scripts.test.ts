import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  composeScript,
  envThenComposeScript,
  envValue,
  probeScript,
  withImageVariables,
  writeEnvFileScript,
  writeStateScript,
  type ComposeProject,
} from './remote-scripts';
import { parseProbe } from './host-state';
import type { ServiceSlot } from '../types';

const digest = `sha256:${'a'.repeat(64)}`;
const app: ServiceSlot = { service: 'app', composeService: 'web', imageVariable: 'IMAGE' };
const files = { stateFile: '.deploy-kit/releases/app.IMAGE.json' };
// Stands in for `docker compose`: `config --services` lists web and worker.
const fakeCompose = "sh -c 'echo web; echo worker' compose";

describe('withImageVariables', () => {
  it('adds the variables to a missing or empty .env', () => {
    expect(withImageVariables(undefined, { IMAGE: `r/app@${digest}` })).toBe(`IMAGE=r/app@${digest}\n`);
    expect(withImageVariables('', { API_IMAGE: 'a', FRONTEND_IMAGE: 'f' })).toBe('API_IMAGE=a\nFRONTEND_IMAGE=f\n');
  });

  it('replaces only the image lines and keeps every other line', () => {
    const before = '# app settings\nDB_URL=postgres://x\nexport IMAGE=old\nIMAGE_TAG=keep\nAPI_IMAGE=old\n';
    expect(withImageVariables(before, { IMAGE: 'new', API_IMAGE: 'api' })).toBe(
      '# app settings\nDB_URL=postgres://x\nIMAGE=new\nIMAGE_TAG=keep\nAPI_IMAGE=api\n',
    );
  });

  it('reads back the value it wrote', () => {
    const env = withImageVariables('A=1\n', { API_IMAGE: 'r/api@x' });
    expect(envValue(env, 'API_IMAGE')).toBe('r/api@x');
    expect(envValue(env, 'IMAGE')).toBeUndefined();
  });
});

describe('remote scripts, run by a real shell', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const project = (extra: Partial<ComposeProject> = {}): ComposeProject => {
    const dir = mkdtempSync(join(tmpdir(), 'targets-project-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'compose.yml'), 'services:\n  web:\n    image: ${IMAGE}\n');
    return { projectDir: dir, composeCommand: fakeCompose, ...extra };
  };
  const sh = (script: string, input = '') => execFileSync('sh', ['-c', script], { input }).toString();
  const probe = (p: ComposeProject, slots: ServiceSlot[] = [app], withEnvFile = false) =>
    parseProbe(sh(probeScript(p, slots, files, { withEnvFile })), slots, () => undefined);

  it('probe lists the compose services, and reports a hand-set .env image when there is no record', () => {
    const p = project();
    expect(probe(p)).toEqual({ composeServices: ['web', 'worker'], unusedVariables: [] });
    writeFileSync(join(p.projectDir, '.env'), `OTHER=1\nIMAGE=r/app@${digest}\n`);
    expect(probe(p).release).toEqual({ services: [{ service: 'app', imageRef: `r/app@${digest}`, digest }] });
  });

  it('probe names the image variables no compose file uses', () => {
    const api: ServiceSlot = { service: 'api', composeService: 'web', imageVariable: 'API_IMAGE' };
    const p = project();
    writeFileSync(join(p.projectDir, 'compose.yml'), 'services:\n  web:\n    image: ${IMAGE_TAG}\n');
    expect(probe(p, [app, api]).unusedVariables).toEqual(['IMAGE', 'API_IMAGE']);
    writeFileSync(
      join(p.projectDir, 'compose.yml'),
      'services:\n  web:\n    image: $IMAGE\n  api:\n    image: "${API_IMAGE:-x}"\n',
    );
    expect(probe(p, [app, api]).unusedVariables).toEqual([]);
  });

  it('probe for a deploy also returns .env as it is, lines that look like probe lines included', () => {
    const p = project();
    expect(probe(p, [app], true)).not.toHaveProperty('envFile');
    const envFile = `state: not the state line\nenv:nor this\nIMAGE=r/app@${digest}\n\n# last line without newline`;
    writeFileSync(join(p.projectDir, '.env'), envFile);
    expect(probe(p, [app], true)).toMatchObject({
      release: { services: [{ service: 'app', imageRef: `r/app@${digest}`, digest }] },
      envFile,
    });
    expect(probe(p)).not.toHaveProperty('envFile');
  });

  it('probe exits with distinct codes for a missing project dir and compose file', () => {
    const p = project({ composeFile: 'other.yml' });
    expect(() => sh(probeScript(p, [app], files))).toThrow(expect.objectContaining({ status: 4 }));
    expect(() => sh(probeScript({ ...p, projectDir: join(p.projectDir, 'nope') }, [app], files))).toThrow(
      expect.objectContaining({ status: 3 }),
    );
  });

  it('probe says so when the compose command cannot list its services (podman-compose 1.0 has no config)', () => {
    const old = project({ composeCommand: `sh -c 'echo "invalid choice: config" >&2; exit 2' compose` });
    const state = probe(old);
    expect(state.composeServices).toBeUndefined();
    expect(state.composeConfigExit).toBe(2);
    expect(state.unusedVariables).toEqual([]);
  });

  describe('with a plain compose command, reads the services from the compose file instead of starting compose', () => {
    // A `docker` of our own first on PATH: says so when `docker compose config --services` runs.
    const withDocker = () => {
      const bin = mkdtempSync(join(tmpdir(), 'targets-bin-'));
      dirs.push(bin);
      writeFileSync(join(bin, 'docker'), '#!/bin/sh\necho from-compose\n');
      chmodSync(join(bin, 'docker'), 0o755);
      return { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` };
    };
    const probePlain = (p: ComposeProject, env: NodeJS.ProcessEnv = withDocker()) =>
      parseProbe(execFileSync('sh', ['-c', probeScript(p, [app], files)], { env }).toString(), [app], () => undefined);
    const plain = (extra: Partial<ComposeProject> = {}) => {
      const p = project({ composeCommand: 'docker compose', ...extra });
      writeFileSync(
        join(p.projectDir, 'compose.yml'),
        'services:\n  web:\n    image: ${IMAGE}\n  worker:\n    image: w\n',
      );
      return p;
    };

    it('from the one default file, or the -f file', () => {
      expect(probePlain(plain())).toEqual({ composeServices: ['web', 'worker'], unusedVariables: [] });
      const p = plain({ composeFile: 'prod compose.yml' });
      writeFileSync(join(p.projectDir, 'prod compose.yml'), 'services:\n  api:\n    image: ${IMAGE}\n');
      expect(probePlain(p)).toEqual({ composeServices: ['api'], unusedVariables: [] });
    });

    it('asks compose when the file needs it, when more than one file or COMPOSE_* settings may count', () => {
      const p = plain();
      writeFileSync(join(p.projectDir, 'compose.yml'), 'services:\n  web:\n    image: ${IMAGE}\n    profiles: [x]\n');
      expect(probePlain(p)).toEqual({ askCompose: true, unusedVariables: [] });

      const two = plain();
      writeFileSync(join(two.projectDir, 'compose.override.yml'), 'services:\n  extra:\n    image: e\n');
      expect(probePlain(two).composeServices).toEqual(['from-compose']);

      const inEnv = plain();
      writeFileSync(join(inEnv.projectDir, '.env'), 'A=1\n  export COMPOSE_PROFILES=debug\n');
      expect(probePlain(inEnv).composeServices).toEqual(['from-compose']);
      writeFileSync(join(inEnv.projectDir, '.env'), 'COMPOSE_FILE=compose.yml:other.yml\n');
      expect(probePlain(inEnv).composeServices).toEqual(['from-compose']);

      expect(probePlain(plain(), { ...withDocker(), COMPOSE_FILE: 'other.yml' }).composeServices).toEqual([
        'from-compose',
      ]);
      expect(probePlain(plain({ composeCommand: 'docker compose --profile debug' })).composeServices).toEqual([
        'from-compose',
      ]);
    });
  });

  it('writes .env from standard input before the compose command, in one script; compose does not run if it fails', () => {
    const p = project({ composeCommand: 'sh -c \'echo "compose $* IMAGE=$IMAGE"; cat\' compose' });
    const script = envThenComposeScript(p, { IMAGE: 'r/app@x' }, ['pull'], ['web']);
    expect(sh(script, 'A=1\nIMAGE=r/app@x\n')).toBe('Set IMAGE in .env\ncompose pull -- web IMAGE=r/app@x\n');
    expect(readFileSync(join(p.projectDir, '.env'), 'utf8')).toBe('A=1\nIMAGE=r/app@x\n');
    expect(statSync(join(p.projectDir, '.env')).mode & 0o777).toBe(0o600);

    mkdirSync(join(p.projectDir, '.env.deploy-kit-tmp'));
    expect(() => execFileSync('sh', ['-c', script], { input: 'IMAGE=y\n', stdio: 'pipe' })).toThrow(
      expect.objectContaining({ status: 1, stdout: Buffer.from('') }),
    );
    expect(readFileSync(join(p.projectDir, '.env'), 'utf8')).toBe('A=1\nIMAGE=r/app@x\n');
  });

  it('writes .env from standard input, private to the owner', () => {
    const p = project();
    sh(writeEnvFileScript(p), 'IMAGE=x\n');
    expect(readFileSync(join(p.projectDir, '.env'), 'utf8')).toBe('IMAGE=x\n');
    expect(statSync(join(p.projectDir, '.env')).mode & 0o777).toBe(0o600);
  });

  it('writes a state file into its own folder', () => {
    const p = project();
    sh(writeStateScript(p, files.stateFile), '{"version":"v1"}\n');
    expect(readFileSync(join(p.projectDir, files.stateFile), 'utf8')).toBe('{"version":"v1"}\n');
  });

  it('exports every image variable and passes the services after --, quoted', () => {
    const p = project({
      composeCommand: 'sh -c \'echo "API=$API_IMAGE FRONT=$FRONTEND_IMAGE IMAGE=${IMAGE-unset} args=$*"\' compose',
      composeFile: 'my compose.yml',
    });
    const images = { API_IMAGE: `r/api@${digest}`, FRONTEND_IMAGE: 'r/f x', IMAGE: undefined };
    expect(sh(`IMAGE=outer; export IMAGE\n${composeScript(p, images, ['up', '-d'], ['api', '-frontend'])}`)).toBe(
      `API=r/api@${digest} FRONT=r/f x IMAGE=unset args=-f my compose.yml up -d -- api -frontend\n`,
    );
  });
});
