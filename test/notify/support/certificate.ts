import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface TestCertificate {
  key: string;
  cert: string;
  /** The certificate as a file, for NODE_EXTRA_CA_CERTS. */
  certPath: string;
}

const fixtures = resolve(import.meta.dirname, '../fixtures');

/** The committed self-signed certificate for 127.0.0.1 (see fixtures/README.md). */
export function testCertificate(): TestCertificate {
  const certPath = join(fixtures, 'smtp-test-cert.pem');
  return {
    key: readFileSync(join(fixtures, 'smtp-test-key.pem'), 'utf8'),
    cert: readFileSync(certPath, 'utf8'),
    certPath,
  };
}
