/**
 * Tests run as native ES modules (NestJS 12 ships ESM only): `node --experimental-vm-modules`. Each
 * file is transpiled alone (tsconfig.test.json: isolatedModules); `npm test` type-checks them all
 * once with `tsc` before, instead of once per suite.
 */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json', diagnostics: { ignoreCodes: [151002] } }],
  },
  testTimeout: 30000,
};
