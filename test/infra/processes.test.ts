import { describe, expect, it } from '@jest/globals';
import { transformFileSync } from '@swc/core';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCommand } from './commands';
import { startProcess } from './processes';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function eventually(check: () => boolean): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((done) => setTimeout(done, 100));
  }
  return true;
}

describe('startProcess', () => {
  it('stop() ends the process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-kit-processes-test-'));
    try {
      const server = startProcess('sleep', ['300'], { logFile: join(dir, 'log') });
      expect(alive(server.pid)).toBe(true);
      await server.stop();
      expect(server.exited()).toBe(true);
      expect(alive(server.pid)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails clearly when the command does not exist', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-kit-processes-test-'));
    try {
      expect(() => startProcess('deploy-kit-no-such-server', [], { logFile: join(dir, 'log') })).toThrow(
        'could not start deploy-kit-no-such-server: is it installed? (run test/infra/setup-host.sh)',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('kills a server, and removes its temp dir, when the process that started it exits without stopping it', async () => {
    const work = mkdtempSync(join(tmpdir(), 'deploy-kit-processes-test-'));
    const serverDir = mkdtempSync(join(tmpdir(), 'deploy-kit-processes-server-'));
    try {
      // A separate Node process stands in for a jest worker whose test never called stop().
      const compiled = transformFileSync(resolve(import.meta.dirname, 'processes.ts'), {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'es6' },
      });
      writeFileSync(join(work, 'processes.mjs'), compiled.code);
      const script = [
        `import { startProcess } from './processes.mjs';`,
        `const server = startProcess('sleep', ['300'], { logFile: ${JSON.stringify(join(serverDir, 'log'))}, tempDir: ${JSON.stringify(serverDir)} });`,
        `console.log(server.pid);`,
      ].join('\n');
      writeFileSync(join(work, 'leak.mjs'), script);
      const { stdout } = await runCommand(process.execPath, [join(work, 'leak.mjs')], { timeoutMs: 30_000 });
      const pid = Number(stdout.trim());
      expect(pid).toBeGreaterThan(0);
      expect(await eventually(() => !alive(pid))).toBe(true);
      expect(await eventually(() => !existsSync(serverDir))).toBe(true);
    } finally {
      rmSync(work, { recursive: true, force: true });
      rmSync(serverDir, { recursive: true, force: true });
    }
  });
});
