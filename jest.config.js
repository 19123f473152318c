// Jest runs the TypeScript sources as native ES modules (swc strips types only;
// `npm run typecheck` is what checks them).
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  // Inside the checkout: a cache shared through /tmp by two clones once served one the other's code.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'es6' },
      },
    ],
  },
  moduleNameMapper: {
    // The one light entry of the Kubernetes library: the workloads grammar, checked with the inputs
    // without loading the Kubernetes client (loaded only when a kubernetes target runs).
    '^@deploy-kit/kubernetes/workloads$': '<rootDir>/packages/kubernetes/src/workloads.ts',
    '^@deploy-kit/([a-z0-9-]+)$': '<rootDir>/packages/$1/src/index.ts',
  },
  testMatch: ['<rootDir>/{actions,packages,test,cli}/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // Integration tests start real servers, pull and start containers; give them room on a loaded
  // 2-core machine (a compose test took over 120 s beside a second full run), and never retry.
  testTimeout: 300000,
};
