module.exports = {
  displayName: 'e2e',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: { '^.+\\.[tj]s$': ['@swc/jest', require('../../jest.swc.cjs')] },
  moduleFileExtensions: ['ts', 'js'],
  testTimeout: 60_000,
  // One stack of processes at a time: the suites share the machine's two cores.
  maxWorkers: 1,
  // Every service's output of the whole run is kept and, at the end, searched for every configured secret.
  globalSetup: '<rootDir>/secrets-setup.cjs',
  // Every error body a client saw joins the service logs in that check.
  setupFiles: ['<rootDir>/src/error-bodies.ts'],
  globalTeardown: '<rootDir>/secrets-teardown.cjs',
};
