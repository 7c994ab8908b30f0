import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { headerOf } from './text';

/**
 * Back-off for Userlike's rate limits and transient failures, used by the one send core (send.ts) for
 * the JSON API and the chatbot API URL alike.
 *
 * - 429 with `Retry-After` (or Userlike's "Expected available in N seconds"): wait exactly that. A wait
 *   that would exceed the budget is not slept through: the caller gets the 429 at once (this is how the
 *   daily quota of 5000 requests per resource shows: a Retry-After of hours).
 * - 429 without any hint (burst throttling): the node learns the sliding window per `learnKey` (how
 *   many requests it lets through and how long it is, see Throttle) and retries when the request that
 *   holds the slot leaves it; until then 1 s, then fine steps (burstDelayMs). A throttled list so runs
 *   close to the pace the throttle allows instead of doubling its waits on every burst.
 * - 5xx, dropped connections and timeouts: retried only for idempotent requests (GET, DELETE of named
 *   IDs); a POST or PATCH may have reached Userlike, so it is never repeated blindly. A request that
 *   timed out is retried at most once (maxTimeoutAttempts): a server that stayed silent for a whole
 *   Timeout is rarely back a moment later, so an operation fails within about twice its Timeout plus
 *   back-off instead of five times it. Resets and 5xx keep their maxAttempts.
 * Every wait is bounded: by the attempts and by `maxWaitMs` in total.
 */
export const RETRY_POLICY = {
	/** Attempts for 5xx, dropped connections and timeouts. */
	maxAttempts: 5,
	/** Of those, attempts that may end in a timeout (the first and one retry). */
	maxTimeoutAttempts: 2,
	/** Attempts for 429s (bounded by the wait budget as well). */
	maxThrottledAttempts: 20,
	baseDelayMs: 1000,
	maxDelayMs: 16_000,
	/** The most a single request may spend waiting, in total, before it gives up (unless the caller says). */
	maxTotalWaitMs: 60_000,
	minStepMs: 200,
	/** The shortest wait before a retry once the throttle is learned. */
	probeMs: 25,
	/** Without a learned wait, each retry adds this share of the wait so far (a fine search)... */
	searchStep: 0.25,
	/** ...until the wait reaches this many base delays; from there on the wait doubles. */
	searchUntilBase: 8,
};

export interface RawResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

/** A transport failure: no (complete) HTTP answer arrived. */
export interface ConnectionFailure {
	/** ECONNREFUSED, ECONNRESET, …, or TIMEOUT for our own deadline. */
	code: string;
	/** Whether the request may have reached the server (reset after sending, timeout). */
	maybeSent: boolean;
}

export interface RetryOutcome {
	/** The last answer, or undefined when the last attempt got no answer. */
	response?: RawResponse;
	connectionFailure?: ConnectionFailure;
	attempts: number;
	waitedMs: number;
	/** From the first attempt's start to the outcome, in ms (attempts and waits). */
	elapsedMs: number;
	/** Seconds Userlike asked us to wait on the last 429, when it said so (header or body). */
	retryAfterSeconds?: number;
}

export type SendResult = { response: RawResponse } | { connectionFailure: ConnectionFailure };

export interface RetryOptions {
	idempotent: boolean;
	/** Total wait budget in ms (default RETRY_POLICY.maxTotalWaitMs). */
	maxWaitMs?: number;
	/**
	 * What a hint-less 429's throttle is learned under (e.g. the API's origin). Without a key, a 429
	 * without a hint gets plain exponential back-off (1 s, 2 s, 4 s … up to 16 s), e.g. where every
	 * retry counts against a small budget (the chatbot API URL's 20 a minute).
	 */
	learnKey?: string;
}

/** `Retry-After` in seconds (delta-seconds or HTTP date), else the DRF throttle text in the body. */
export function retryAfterSeconds(response: RawResponse, now = Date.now()): number | undefined {
	const header = headerOf(response.headers, 'retry-after');
	if (header !== undefined && header !== '') {
		const seconds = Number(header);
		if (Number.isFinite(seconds)) return Math.max(0, seconds);
		const date = Date.parse(header);
		if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - now) / 1000));
	}
	const detail = (response.body as IDataObject | undefined)?.detail;
	if (typeof detail === 'string') {
		const match = /available in (\d+) seconds?/i.exec(detail);
		if (match) return Number(match[1]);
	}
	return undefined;
}

/** Exponential back-off with a little jitter, so that clients throttled together spread out. */
function backoffMs(attempt: number): number {
	const ceiling = Math.min(RETRY_POLICY.maxDelayMs, RETRY_POLICY.baseDelayMs * 2 ** (attempt - 1));
	return Math.round(ceiling * (0.9 + Math.random() * 0.1));
}

/**
 * What the process learned about a throttle without hints, per learn key (bounded). Userlike's burst
 * throttle (Django REST Framework's) is a sliding window: a request goes through when fewer than
 * `limit` requests went through in the last `window` ms. The node keeps the send times of the requests
 * that went through and learns both numbers: `limit` from how many went through in a row before a 429,
 * and the window between bounds: a 429 at time t means the window is longer than t minus the
 * limit-th last request that went through; a request that goes through after 429s means it is at most
 * that long. The next 429 then waits until the limit-th last request leaves the window.
 */
interface Throttle {
	/** send times of recent requests that went through, oldest first (at most 256) */
	times: number[];
	/** requests that went through in a row (no pause longer than a window) before the next 429 */
	streak: number;
	limit?: number;
	low?: number;
	high?: number;
}
const throttles = new Map<string, Throttle>();
const MAX_TIMES = 256;

function throttleOf(key: string): Throttle {
	let state = throttles.get(key);
	if (!state) {
		state = { times: [], streak: 0 };
		throttles.set(key, state);
		if (throttles.size > 200) throttles.delete(throttles.keys().next().value as string);
	}
	return state;
}

/** The send time of the `limit`-th last request that went through (the one whose leaving frees a slot). */
function oldestInWindow(state: Throttle): number | undefined {
	const { limit, times } = state;
	if (!limit || limit > times.length) return undefined;
	return times[times.length - limit];
}

/**
 * The wait before retry number `retry` (1 = the first) of a 429 without a hint, `waited` ms after the
 * first 429. Learned throttle: until the limit-th last request leaves the window (the window's upper
 * bound once the bounds are close, else their middle). Unknown throttle: 1 s, then steps of a quarter
 * of the wait so far (a retry lands at most 25 % after the burst cleared), doubling once 8 base delays
 * are spent.
 */
function burstDelayMs(
	state: Throttle | undefined,
	retry: number,
	waited: number,
	now: number,
): number {
	const { minStepMs } = RETRY_POLICY;
	const ref = state ? oldestInWindow(state) : undefined;
	if (state && ref !== undefined && state.high !== undefined) {
		const low = state.low ?? 0;
		const high = state.high;
		const window =
			high - low <= Math.max(RETRY_POLICY.probeMs, high * 0.02) ? high : (low + high) / 2;
		return Math.max(RETRY_POLICY.probeMs, Math.round(ref + window - now));
	}
	if (retry === 1) return RETRY_POLICY.baseDelayMs;
	if (waited >= RETRY_POLICY.searchUntilBase * RETRY_POLICY.baseDelayMs) {
		return Math.min(RETRY_POLICY.maxDelayMs, waited);
	}
	return Math.max(minStepMs, Math.round(waited * RETRY_POLICY.searchStep));
}

/** Notes a hint-less 429 sent at `sentAt`; `first`: the first of this request's 429s. */
function noteThrottled(state: Throttle, sentAt: number, first: boolean): void {
	if (first && state.streak > (state.limit ?? 0)) {
		state.limit = Math.min(MAX_TIMES, state.streak);
		state.low = state.high = undefined;
	}
	const ref = oldestInWindow(state);
	if (ref === undefined) return;
	state.low = Math.max(state.low ?? 0, sentAt - ref);
	if (state.high !== undefined && state.low >= state.high) state.high = undefined;
}

/** Notes a request that went through at `sentAt`; `afterThrottle`: it followed hint-less 429s. */
function noteThrough(
	state: Throttle,
	sentAt: number,
	afterThrottle: boolean,
	budget: number,
): void {
	const last = state.times[state.times.length - 1];
	const pause = state.high ?? RETRY_POLICY.baseDelayMs;
	if (afterThrottle) {
		const ref = oldestInWindow(state);
		if (ref !== undefined && sentAt - ref <= budget) {
			state.high = Math.min(state.high ?? Infinity, sentAt - ref);
			if (state.low !== undefined && state.low >= state.high) state.low = undefined;
		}
		state.streak = 1;
	} else if (last !== undefined && sentAt - last > pause) {
		// A pause longer than a window: whatever went through before has left it.
		state.streak = 1;
	} else {
		state.streak++;
	}
	state.times.push(sentAt);
	if (state.times.length > MAX_TIMES) state.times.shift();
}

/**
 * Sends with `send` until the answer is not retryable, the attempts are used up or the wait budget is
 * spent. Never throws for HTTP statuses or connection failures: the caller turns the outcome into an error.
 */
export async function sendWithRetry(
	send: (attempt: number) => Promise<SendResult>,
	options: RetryOptions,
): Promise<RetryOutcome> {
	const { idempotent, learnKey } = options;
	const budget = options.maxWaitMs ?? RETRY_POLICY.maxTotalWaitMs;
	const throttle = learnKey ? throttleOf(learnKey) : undefined;
	let waitedMs = 0;
	let burstRetries = 0;
	let burstWaitedMs = 0;
	let failures = 0;
	let timeouts = 0;
	const started = Date.now();
	for (let attempt = 1; ; attempt++) {
		const sentAt = Date.now();
		const result = await send(attempt);
		let delay: number;
		let askedSeconds: number | undefined;
		let hintless = false;
		const stop = (): RetryOutcome =>
			'connectionFailure' in result
				? {
						connectionFailure: result.connectionFailure,
						attempts: attempt,
						waitedMs,
						elapsedMs: Date.now() - started,
					}
				: {
						response: result.response,
						attempts: attempt,
						waitedMs,
						elapsedMs: Date.now() - started,
						retryAfterSeconds: askedSeconds,
					};
		if ('connectionFailure' in result) {
			failures++;
			if (result.connectionFailure.code === 'TIMEOUT') timeouts++;
			if (
				!idempotent ||
				failures >= RETRY_POLICY.maxAttempts ||
				timeouts >= RETRY_POLICY.maxTimeoutAttempts
			) {
				return stop();
			}
			delay = backoffMs(failures);
		} else {
			const { response } = result;
			const throttled = response.statusCode === 429;
			const serverError = response.statusCode >= 500 && response.statusCode !== 501;
			if (!throttled && !serverError) {
				if (throttle) noteThrough(throttle, sentAt, burstRetries > 0, budget);
				return stop();
			}
			if (serverError) {
				failures++;
				if (!idempotent || failures >= RETRY_POLICY.maxAttempts) return stop();
				delay = backoffMs(failures);
			} else {
				askedSeconds = retryAfterSeconds(response);
				if (attempt >= RETRY_POLICY.maxThrottledAttempts) return stop();
				if (askedSeconds !== undefined) {
					delay = askedSeconds * 1000;
				} else {
					hintless = true;
					if (throttle) noteThrottled(throttle, sentAt, burstRetries === 0);
					delay = throttle
						? burstDelayMs(throttle, burstRetries + 1, burstWaitedMs, Date.now())
						: backoffMs(burstRetries + 1);
				}
			}
		}
		const left = budget - waitedMs;
		if (delay > left) {
			// Userlike named a time beyond the budget (a daily quota, a long throttle): do not wait for it.
			// A guessed back-off is cut to what the budget leaves, so that the budget is used in full.
			if (!hintless || left < RETRY_POLICY.minStepMs) return stop();
			delay = left;
		}
		await sleep(delay);
		waitedMs += delay;
		if (hintless) {
			burstRetries++;
			burstWaitedMs += delay;
		}
	}
}
