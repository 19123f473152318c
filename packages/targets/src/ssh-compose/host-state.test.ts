import { describe, expect, it } from '@jest/globals';
import { parseProbe } from './host-state';

const digest = (c: string) => `sha256:${c.repeat(64)}`;

describe('parseProbe', () => {
  it('reads the state file deploy-kit wrote', () => {
    const state = JSON.stringify({ imageRef: `r/app@${digest('a')}`, digest: digest('a'), version: 'v1.0.0' });
    expect(parseProbe(`state:${state}\nenv:r/app@${digest('a')}\n`, () => undefined)).toEqual({
      release: { imageRef: `r/app@${digest('a')}`, digest: digest('a'), version: 'v1.0.0' },
    });
  });

  it('believes .env over the state file when someone changed it by hand since', () => {
    const state = JSON.stringify({ imageRef: `r/app@${digest('a')}`, digest: digest('a'), version: 'v1.0.0' });
    expect(parseProbe(`state:${state}\nenv:r/app:hotfix\n`, () => undefined)).toEqual({
      release: { imageRef: 'r/app:hotfix' },
    });
  });

  it('warns about and ignores a corrupt state file', () => {
    const warnings: string[] = [];
    expect(parseProbe('state:{nope\nenv:\n', (line) => warnings.push(line))).toEqual({});
    expect(warnings).toEqual([expect.stringContaining('not valid JSON')]);
  });
});
