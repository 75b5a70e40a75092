module.exports = {
  displayName: 'dialect-responses',
  preset: '../../../jest.preset.js',
  testEnvironment: 'node',
  transform: { '^.+\\.[tj]s$': ['@swc/jest', require('../../../jest.swc.cjs')] },
  moduleFileExtensions: ['ts', 'js'],
};
