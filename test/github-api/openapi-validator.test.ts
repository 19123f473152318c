import { describe, expect, it } from '@jest/globals';
import { OpenApiValidator, toJsonSchema } from './openapi-validator';

const validator = new OpenApiValidator();
const match = (method: string, path: string, query = '') => {
  const result = validator.match(method, path, new URLSearchParams(query));
  if (!result.matched) throw new Error(result.errors.join('\n'));
  return result;
};

describe('OpenApiValidator', () => {
  it('prefers literal path segments over parameters', () => {
    expect(match('GET', '/repos/o/r/releases/tags/v1.0.0').matched?.operationId).toBe('repos/get-release-by-tag');
    expect(match('GET', '/repos/o/r/releases/latest').matched?.operationId).toBe('repos/get-latest-release');
    expect(match('GET', '/repos/o/r/releases/12').matched?.operationId).toBe('repos/get-release');
  });

  it('coerces and checks path and query parameters', () => {
    expect(match('GET', '/repos/o/r/deployments', 'per_page=5&environment=qa').matched?.query).toEqual({
      per_page: 5,
      environment: 'qa',
    });
    expect(match('GET', '/repos/o/r/deployments/abc').errors).toEqual([
      expect.stringContaining('path parameter deployment_id'),
    ]);
  });

  it('finds a response that breaks the description (a bug in the fake)', () => {
    const { matched } = match('GET', '/repos/o/r/deployments/1');
    const errors = validator.validateResponse(matched!, 'GET', 200, { id: 'one', sha: 'abc' });
    expect(errors).toEqual([
      expect.stringMatching(
        /GET \/repos\/\{owner\}\/\{repo\}\/deployments\/\{deployment_id\} -> 200: response body does not match the description: .*must have required property/,
      ),
    ]);
  });

  it('refuses a status the operation does not declare for a success, and checks undeclared errors against GitHub error shape', () => {
    const { matched } = match('GET', '/repos/o/r/environments/prod');
    expect(validator.validateResponse(matched!, 'GET', 204, undefined)).toEqual([
      expect.stringContaining('status is not declared'),
    ]);
    expect(validator.validateResponse(matched!, 'GET', 404, { message: 'Not Found', documentation_url: 'x' })).toEqual(
      [],
    );
    expect(validator.validateResponse(matched!, 'GET', 404, { message: 7 })).toEqual([
      expect.stringContaining('error body does not match'),
    ]);
  });

  it('checks request bodies, including enums and required fields', () => {
    const { matched } = match('POST', '/repos/o/r/deployments');
    expect(validator.validateRequestBody(matched!, 'POST', { ref: 'main', auto_merge: false })).toEqual([]);
    expect(validator.validateRequestBody(matched!, 'POST', { auto_merge: 'no' })).toEqual([
      expect.stringMatching(
        /request body does not match the description: .*must have required property 'ref'.*\/auto_merge must be boolean/,
      ),
    ]);
    expect(validator.validateRequestBody(matched!, 'POST', undefined)).toEqual([
      expect.stringContaining('request body is required'),
    ]);
  });

  it('turns OpenAPI nullable into JSON Schema null', () => {
    expect(toJsonSchema({ type: 'string', nullable: true })).toEqual({ type: ['string', 'null'] });
    expect(toJsonSchema({ enum: ['a'], type: 'string', nullable: true })).toEqual({
      enum: ['a', null],
      type: ['string', 'null'],
    });
    expect(toJsonSchema({ allOf: [{ $ref: '#/components/schemas/x' }], nullable: true })).toEqual({
      anyOf: [{ type: 'null' }, { allOf: [{ $ref: 'https://api.github.com/openapi.json#/components/schemas/x' }] }],
    });
  });
});
