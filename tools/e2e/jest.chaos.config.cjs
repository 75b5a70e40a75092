// The chaos suite (`npm run test:chaos`): faults under load over real processes, files named *.chaos.ts.
// Same set-up as the end-to-end suites, including the secrets check over every service's output.
module.exports = {
  displayName: 'chaos',
  rootDir: __dirname,
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: { '^.+\\.[tj]s$': ['@swc/jest', require('../../jest.swc.cjs')] },
  moduleFileExtensions: ['ts', 'js'],
  testMatch: ['<rootDir>/src/**/*.chaos.ts'],
  testTimeout: 120_000,
  maxWorkers: 1,
  globalSetup: '<rootDir>/secrets-setup.cjs',
  // Every error body a client saw joins the service logs in that check.
  setupFiles: ['<rootDir>/src/error-bodies.ts'],
  globalTeardown: '<rootDir>/secrets-teardown.cjs',
};
