module.exports = {
  displayName: 'dialect-anthropic',
  preset: '../../../jest.preset.js',
  testEnvironment: 'node',
  transform: { '^.+\\.[tj]s$': ['@swc/jest', require('../../../jest.swc.cjs')] },
  moduleFileExtensions: ['ts', 'js'],
};
