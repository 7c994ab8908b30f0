/**
 * The end-to-end suite (npm run test:e2e): the packed package installed into a real n8n (the pinned
 * host in n8n-host/), against the Userlike simulator. Kept apart from `npm test` (roots: test/).
 * @type {import('jest').Config}
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	// One n8n, one sandbox, one file: the suite runs in band.
	maxWorkers: 1,
	// The first run may install n8n (minutes); single tests wait for webhooks and executions.
	testTimeout: 120000,
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
	},
	// n8n runs in child processes (their own process groups), stopped in afterAll and on exit.
	forceExit: true,
	verbose: true,
};
