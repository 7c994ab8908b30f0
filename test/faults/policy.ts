/**
 * The retry policy of the send core, the module instance the nodes use (loaded from dist/ as n8n loads
 * the package). Tests shorten its back-off so that a fault that needs several retries runs in
 * milliseconds; every wait stays bounded by the same rules.
 */
import path from 'node:path';

import { PACKAGE_ROOT } from '../harness/n8n';

interface Policy {
	baseDelayMs: number;
	maxDelayMs: number;
	maxTotalWaitMs: number;
	minStepMs: number;
}

export function retryPolicy(): Policy {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(path.join(PACKAGE_ROOT, 'dist/nodes/shared/http/retry.js')).RETRY_POLICY as Policy;
}

/** Back-off of `baseDelayMs` (default 20 ms) for the tests of this file; restored after each. */
export function useFastRetries(baseDelayMs = 20): void {
	let saved: Policy | undefined;
	beforeEach(() => {
		const policy = retryPolicy();
		saved = { ...policy };
		policy.baseDelayMs = baseDelayMs;
		policy.maxDelayMs = baseDelayMs * 16;
		policy.minStepMs = Math.min(policy.minStepMs, baseDelayMs);
	});
	afterEach(() => {
		if (saved) Object.assign(retryPolicy(), saved);
	});
}
