module.exports = {
  displayName: 'deploy-checks',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: { '^.+\\.[tj]s$': ['@swc/jest', require('../../jest.swc.cjs')] },
  moduleFileExtensions: ['ts', 'js'],
  testTimeout: 30_000,
};
