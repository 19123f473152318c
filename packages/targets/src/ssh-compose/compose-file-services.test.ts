import { describe, expect, it } from '@jest/globals';
import { composeFileServices } from './compose-file-services';

describe('composeFileServices', () => {
  it('lists the keys of `services`, in file order, whatever else the file holds', () => {
    const text = [
      'version: "3.8"',
      'x-logging: &logging',
      '  driver: json-file',
      'services:',
      '  api:',
      '    image: ${API_IMAGE}',
      '    logging: *logging',
      '  "front-end":',
      '    image: ${FRONTEND_IMAGE:-web}',
      '  db.primary:',
      '    image: postgres',
      'volumes:',
      '  data: {}',
      '',
    ].join('\n');
    expect(composeFileServices(text)).toEqual(['api', 'front-end', 'db.primary']);
  });

  it.each([
    ['not YAML', 'services: [\n'],
    ['two documents', 'services:\n  a:\n    image: x\n---\nservices:\n  b:\n    image: y\n'],
    ['a duplicate service', 'services:\n  a:\n    image: x\n  a:\n    image: y\n'],
    ['no services key (the v1 format)', 'web:\n  image: x\n'],
    ['no services at all', 'services: {}\n'],
    ['services from other files', 'include:\n  - other.yml\nservices:\n  a:\n    image: x\n'],
    ['a top-level merge key', 'x: &x\n  services: {}\n<<: *x\nservices:\n  a:\n    image: x\n'],
    ['a service with profiles', 'services:\n  a:\n    image: x\n  debug:\n    image: y\n    profiles: [debug]\n'],
    ['a service that extends another', 'services:\n  a:\n    extends:\n      file: base.yml\n      service: a\n'],
    ['a service merged from an anchor', 'x-b: &b\n  image: x\nservices:\n  a:\n    <<: *b\n'],
    ['a service that is not a mapping', 'services:\n  a:\n'],
    ['a service that is an alias', 'x-a: &a\n  image: x\nservices:\n  a: *a\n'],
    ['a name compose refuses', 'services:\n  "my app":\n    image: x\n'],
    ['a name YAML 1.1 reads as a boolean', 'services:\n  "yes":\n    image: x\n'],
    ['a name YAML 1.1 may read as a number', 'services:\n  "1_000":\n    image: x\n'],
    ['a key that is not a string', 'services:\n  1:\n    image: x\n'],
  ])('leaves %s to compose', (_what, text) => {
    expect(composeFileServices(text)).toBeUndefined();
  });
});
