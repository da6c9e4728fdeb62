// Jest runs TypeScript through SWC (type checking is `npm run typecheck`).
// Projects: `unit` (pure logic, next to the code in src/), `e2e` (test/e2e, real kube-apiserver + etcd + kwok) and
// `real-node` (test/e2e/real-node: kubelet + containerd on this machine, the Helm chart; skipped with a one-line
// reason where the kernel or privileges do not allow a real node).
const transform = {
  '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }],
};
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform,
};
export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/real-node/'],
      globalSetup: '<rootDir>/test/e2e/global-setup.mjs',
      globalTeardown: '<rootDir>/test/e2e/global-teardown.mjs',
    },
    {
      ...common,
      displayName: 'real-node',
      testMatch: ['<rootDir>/test/e2e/real-node/**/*.test.ts'],
      globalSetup: '<rootDir>/test/e2e/real-node/global-setup.mjs',
    },
  ],
};
