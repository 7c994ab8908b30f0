/**
 * Benchmarks (`npm run bench`): not part of `npm test`. Every `test/bench/*.bench.ts` records rows with
 * test/bench/results.ts; the teardown writes them all to bench/RESULTS.md.
 */
const base = require('./jest.config');

module.exports = {
	...base,
	testMatch: ['**/*.bench.ts'],
	maxWorkers: 1,
	testTimeout: 300000,
	globalSetup: '<rootDir>/test/bench/global-setup.ts',
	globalTeardown: '<rootDir>/test/bench/global-teardown.ts',
};
