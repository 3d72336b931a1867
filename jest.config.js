/**
 * Tests run as native ES modules (NestJS 12 ships ESM only): `node --experimental-vm-modules`. Each
 * file is transpiled alone (tsconfig.test.json: isolatedModules); `npm test` type-checks them all
 * once with `tsc` before, instead of once per suite.
 *
 * The slowest suites (real processes killed and started again, Chromium, thousands of requests) are
 * named here: `npm run test:quick` leaves them out while working; `npm test`, and so CI, runs them.
 */
const SLOW = [
  'shutdown-keys',
  'explorer-screens.browser',
  'explorer.browser',
  'editor.browser',
  'browser.e2e',
  'fuzz',
  'faults',
  'cli.e2e',
  'openapi.e2e',
  'seed-crash',
  'crash.e2e',
  'postgres-crash',
  'vanished-log',
  'views.property',
];

/**
 * The PostgreSQL suites share one server, and a writing transaction running in any of its databases
 * holds back the readers of every other (the readers' safe horizon is the server's oldest running
 * transaction: see `src/store/postgres/statements.ts`). `npm test` (`test/run.mjs`) runs these
 * one after another, beside the other suites on two workers (`TIMELINE_TEST_GROUP=rest`).
 */
const POSTGRES = '/[^/]*postgres[^/]*\\.spec\\.ts$';

export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: [
    '/node_modules/',
    ...(process.env.TIMELINE_TEST_GROUP === 'rest' ? [POSTGRES] : []),
    ...(process.env.TIMELINE_QUICK_TESTS ? SLOW.map((name) => `/${name.replace('.', '\\.')}[^/]*\\.spec\\.ts$`) : []),
  ],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json', diagnostics: { ignoreCodes: [151002] } }],
  },
  testTimeout: 30000,
};
