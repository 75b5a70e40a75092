module.exports = {
  displayName: 'keys',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  transform: { '^.+\\.[tj]s$': ['@swc/jest', require('../../jest.swc.cjs')] },
  moduleFileExtensions: ['ts', 'js'],
};
