import { describe, expect, it } from '@jest/globals';
import { parseProbe } from './host-state';
import type { ServiceSlot } from '../types';

const digest = (c: string) => `sha256:${c.repeat(64)}`;
const app: ServiceSlot = { service: 'app', composeService: 'web', imageVariable: 'IMAGE' };
const api: ServiceSlot = { service: 'api', composeService: 'api', imageVariable: 'API_IMAGE' };
const frontend: ServiceSlot = { service: 'frontend', composeService: 'frontend', imageVariable: 'FRONTEND_IMAGE' };
const ignore = () => undefined;

const record = (version: string, services: Array<[ServiceSlot, string]>) =>
  JSON.stringify({
    version,
    environment: 'production',
    services: services.map(([slot, c]) => ({
      service: slot.service,
      imageVariable: slot.imageVariable,
      image: `r/${slot.service}:${version}`,
      digest: digest(c),
      imageRef: `r/${slot.service}@${digest(c)}`,
    })),
  });

describe('parseProbe', () => {
  it('reads every service of the set from its state file', () => {
    const stdout = [
      'composeservices:api frontend ',
      `state:${record('v1.0.0', [
        [api, 'a'],
        [frontend, 'b'],
      ])}`,
      `env:API_IMAGE=r/api@${digest('a')}`,
      `env:FRONTEND_IMAGE=r/frontend@${digest('b')}`,
    ].join('\n');
    expect(parseProbe(stdout, [api, frontend], ignore)).toEqual({
      composeServices: ['api', 'frontend'],
      unusedVariables: [],
      release: {
        version: 'v1.0.0',
        services: [
          { service: 'api', imageRef: `r/api@${digest('a')}`, digest: digest('a') },
          { service: 'frontend', imageRef: `r/frontend@${digest('b')}`, digest: digest('b') },
        ],
      },
    });
  });

  it('believes .env over the state file for a service someone changed by hand; the version is then unknown', () => {
    const stdout = [
      `state:${record('v1.0.0', [
        [api, 'a'],
        [frontend, 'b'],
      ])}`,
      `env:API_IMAGE=r/api@${digest('a')}`,
      'env:FRONTEND_IMAGE=r/frontend:hotfix',
    ].join('\n');
    expect(parseProbe(stdout, [api, frontend], ignore).release).toEqual({
      services: [
        { service: 'api', imageRef: `r/api@${digest('a')}`, digest: digest('a') },
        { service: 'frontend', imageRef: 'r/frontend:hotfix' },
      ],
    });
  });

  it("reads today's single-image state file as the service app", () => {
    const legacy = JSON.stringify({ imageRef: `r/app@${digest('a')}`, digest: digest('a'), version: 'v0.9.0' });
    const stdout = ['state:', `legacystate:${legacy}`, `env:IMAGE=r/app@${digest('a')}`].join('\n');
    expect(parseProbe(stdout, [app], ignore).release).toEqual({
      version: 'v0.9.0',
      services: [{ service: 'app', imageRef: `r/app@${digest('a')}`, digest: digest('a') }],
    });
  });

  it("does not take a legacy record written for another image variable (the frontend's .env line wins)", () => {
    const legacy = JSON.stringify({ imageRef: `r/api@${digest('a')}`, digest: digest('a'), version: 'v1.0.0' });
    const stdout = [`legacystate:${legacy}`, `env:IMAGE=r/frontend@${digest('f')}`].join('\n');
    expect(parseProbe(stdout, [app], ignore).release).toEqual({
      services: [{ service: 'app', imageRef: `r/frontend@${digest('f')}`, digest: digest('f') }],
    });
  });

  it('reports nothing running for a host never deployed, and the image variables no compose file uses', () => {
    expect(parseProbe('composeservices:api \nnovar:FRONTEND_IMAGE\nstate:\n', [api, frontend], ignore)).toEqual({
      composeServices: ['api'],
      unusedVariables: ['FRONTEND_IMAGE'],
    });
  });

  it('warns about and ignores a corrupt state file', () => {
    const warnings: string[] = [];
    expect(parseProbe('state:{nope\nenv:API_IMAGE=\n', [api], (line) => warnings.push(line)).release).toBeUndefined();
    expect(warnings).toEqual([expect.stringContaining('not valid JSON')]);
  });
});
