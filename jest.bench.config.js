/** Benchmarks (`npm run bench`): not part of `npm test`. */
const base = require('./jest.config');

module.exports = { ...base, testMatch: ['**/*.bench.ts'], maxWorkers: 1, testTimeout: 300000 };
