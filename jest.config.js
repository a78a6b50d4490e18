/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // jose ships only ES modules: compile it for jest like our own code.
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  testTimeout: 60000,
  // Server and browser suites start processes; two workers fit the 2-core machine.
  maxWorkers: 2,
};
