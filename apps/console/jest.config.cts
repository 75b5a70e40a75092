module.exports = {
  displayName: 'console',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: { '^.+\\.[tj]s$': ['@swc/jest', require('../../jest.swc.cjs')] },
  moduleFileExtensions: ['ts', 'js'],
  // Only the browser-free data code has unit tests.
  roots: ['<rootDir>/src/data'],
};
