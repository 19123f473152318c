import { describe, expect, it } from '@jest/globals';
import type { ServiceSlot } from '../types';
import { missingOnHost } from './host-check';

const api: ServiceSlot = { service: 'api', composeService: 'api', imageVariable: 'API_IMAGE' };
const frontend: ServiceSlot = { service: 'frontend', composeService: 'web', imageVariable: 'FRONTEND_IMAGE' };

describe('missingOnHost', () => {
  it('names every missing compose service and unused image variable in one message', () => {
    const state = { composeServices: ['api', 'db'], unusedVariables: ['FRONTEND_IMAGE'] };
    expect(missingOnHost(state, [api, frontend], { composeFile: 'compose.prod.yml' })).toEqual({
      message:
        'compose.prod.yml defines no service "web" for service frontend (it defines: api, db); ' +
        'compose.prod.yml never uses ${FRONTEND_IMAGE}, the image variable of service frontend',
    });
    expect(
      missingOnHost({ composeServices: ['api', 'web'], unusedVariables: [] }, [api, frontend], {}),
    ).toBeUndefined();
  });

  it("checks the inputs path's services input instead of each service's own compose service", () => {
    const app: ServiceSlot = { service: 'app', composeService: 'app', imageVariable: 'IMAGE' };
    const state = { composeServices: ['web', 'worker'], unusedVariables: [] };
    expect(missingOnHost(state, [app], { composeServices: ['web', 'worker'] })).toBeUndefined();
    expect(missingOnHost(state, [app], { composeServices: [] })).toBeUndefined();
    expect(missingOnHost(state, [app], { composeServices: ['web', 'wrker'] })).toEqual({
      setting: 'services',
      message: 'the compose file defines no service "wrker" (it defines: web, worker)',
    });
  });

  it('leaves the compose services unchecked when the compose command could not list them', () => {
    expect(missingOnHost({ unusedVariables: [] }, [api, frontend], {})).toBeUndefined();
  });
});
