/**
 * The editor suite (npm run test:ui): n8n's editor in Debian's Chromium (playwright-core), against the
 * set-up of `npm start`. One n8n, one browser, one file: in band.
 * @type {import('jest').Config}
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/e2e'],
	testMatch: ['**/*.ui.test.ts'],
	maxWorkers: 1,
	testTimeout: 180000,
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
	},
	verbose: true,
};
