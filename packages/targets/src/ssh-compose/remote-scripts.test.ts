import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  composeScript,
  probeScript,
  withImageVariable,
  writeEnvFileScript,
  type ComposeProject,
} from './remote-scripts';
import { parseProbe } from './host-state';

const digest = `sha256:${'a'.repeat(64)}`;

describe('withImageVariable', () => {
  it('adds the variable to a missing or empty .env', () => {
    expect(withImageVariable(undefined, 'IMAGE', `r/app@${digest}`)).toBe(`IMAGE=r/app@${digest}\n`);
  });

  it('replaces only the image line and keeps every other line', () => {
    const before = '# app settings\nDB_URL=postgres://x\nexport IMAGE=old\nIMAGE_TAG=keep\n';
    expect(withImageVariable(before, 'IMAGE', 'new')).toBe(
      '# app settings\nDB_URL=postgres://x\nIMAGE=new\nIMAGE_TAG=keep\n',
    );
  });
});

describe('remote scripts, run by a real shell', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const project = (extra: Partial<ComposeProject> = {}): ComposeProject => {
    const dir = mkdtempSync(join(tmpdir(), 'targets-project-'));
    dirs.push(dir);
    return { projectDir: dir, composeCommand: 'echo compose', services: [], imageVariable: 'IMAGE', ...extra };
  };
  const sh = (script: string, input = '') => execFileSync('sh', ['-c', script], { input }).toString();

  it('probe reports the recorded release, and a hand-set .env image when there is no record', () => {
    const p = project();
    expect(parseProbe(sh(probeScript(p)), () => undefined)).toEqual({});
    writeFileSync(join(p.projectDir, '.env'), `OTHER=1\nIMAGE=r/app@${digest}\n`);
    expect(parseProbe(sh(probeScript(p)), () => undefined)).toEqual({
      release: { imageRef: `r/app@${digest}`, digest },
    });
  });

  it('probe for a deploy also returns .env as it is, lines that look like probe lines included', () => {
    const p = project();
    expect(parseProbe(sh(probeScript(p, { withEnvFile: true })), () => undefined)).toEqual({});
    const envFile = `state: not the state line\nenv:nor this\nIMAGE=r/app@${digest}\n\n# last line without newline`;
    writeFileSync(join(p.projectDir, '.env'), envFile);
    expect(parseProbe(sh(probeScript(p, { withEnvFile: true })), () => undefined)).toEqual({
      release: { imageRef: `r/app@${digest}`, digest },
      envFile,
    });
    expect(parseProbe(sh(probeScript(p)), () => undefined)).not.toHaveProperty('envFile');
  });

  it('probe exits with distinct codes for a missing project dir and compose file', () => {
    const p = project({ composeFile: 'compose.yml' });
    expect(() => sh(probeScript(p))).toThrow(expect.objectContaining({ status: 4 }));
    expect(() => sh(probeScript({ ...p, projectDir: join(p.projectDir, 'nope') }))).toThrow(
      expect.objectContaining({ status: 3 }),
    );
  });

  it('writes .env from standard input, private to the owner', () => {
    const p = project();
    sh(writeEnvFileScript(p), 'IMAGE=x\n');
    expect(readFileSync(join(p.projectDir, '.env'), 'utf8')).toBe('IMAGE=x\n');
    expect(statSync(join(p.projectDir, '.env')).mode & 0o777).toBe(0o600);
  });

  it('passes the image variable and the services to the compose command, quoted', () => {
    const p = project({
      composeCommand: 'sh -c \'echo "IMAGE=$IMAGE args=$*"\' compose',
      composeFile: 'my compose.yml',
      services: ['web', 'worker'],
    });
    expect(sh(composeScript(p, `r/app@${digest}`, ['up', '-d']))).toBe(
      `IMAGE=r/app@${digest} args=-f my compose.yml up -d web worker\n`,
    );
  });
});
