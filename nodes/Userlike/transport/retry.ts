import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

/**
 * Back-off for Userlike's rate limits, shared by the JSON API transport and the chatbot API URL.
 *
 * - 429: wait `Retry-After` when Userlike sends it, otherwise exponential back-off with full jitter.
 *   A wait that would exceed the budget is not slept through: the caller gets the 429 at once
 *   (this is how the daily quota of 5000 requests per resource shows: a Retry-After of hours).
 * - 5xx and dropped connections: retried only for idempotent requests (GET, DELETE of named IDs);
 *   a POST or PATCH may have reached Userlike, so it is never repeated blindly.
 */
export const RETRY_POLICY = {
	maxAttempts: 5,
	baseDelayMs: 1000,
	maxDelayMs: 16_000,
	/** The most a single request may spend waiting, in total, before it gives up. */
	maxTotalWaitMs: 60_000,
};

export interface RawResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

export interface RetryOutcome {
	/** The last answer, or undefined when the connection failed on the last attempt. */
	response?: RawResponse;
	/** Why there is no answer: connection refused or reset, DNS, timeout. */
	connectionFailure?: ConnectionFailure;
	attempts: number;
	waitedMs: number;
	/** Seconds Userlike asked us to wait on the last 429, when it said so (header or body). */
	retryAfterSeconds?: number;
}

/** A transport failure: no HTTP answer arrived. */
export interface ConnectionFailure {
	code: string;
}

export type SendResult = { response: RawResponse } | { connectionFailure: ConnectionFailure };

export function isIdempotent(method: IHttpRequestMethods, idempotentHint?: boolean): boolean {
	if (idempotentHint !== undefined) return idempotentHint;
	return method === 'GET' || method === 'HEAD';
}

function headerValue(headers: RawResponse['headers'], name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

/** `Retry-After` in seconds (delta-seconds or HTTP date), else the DRF throttle text in the body. */
export function retryAfterSeconds(response: RawResponse, now = Date.now()): number | undefined {
	const header = headerValue(response.headers, 'retry-after');
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

function backoffMs(attempt: number): number {
	const ceiling = Math.min(RETRY_POLICY.maxDelayMs, RETRY_POLICY.baseDelayMs * 2 ** (attempt - 1));
	// Full jitter between half and all of the ceiling: clients that were throttled together spread out.
	return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/**
 * Sends with `send` until the answer is not retryable, the attempts are used up or the wait budget is
 * spent. Never throws for HTTP statuses or connection failures: the caller turns the outcome into an error.
 */
export async function sendWithRetry(
	send: () => Promise<SendResult>,
	idempotent: boolean,
): Promise<RetryOutcome> {
	let waitedMs = 0;
	for (let attempt = 1; ; attempt++) {
		const result = await send();
		let delay: number;
		let askedSeconds: number | undefined;
		if ('connectionFailure' in result) {
			if (!idempotent || attempt >= RETRY_POLICY.maxAttempts) {
				return {
					connectionFailure: result.connectionFailure,
					attempts: attempt,
					waitedMs,
				};
			}
			delay = backoffMs(attempt);
		} else {
			const { response } = result;
			const throttled = response.statusCode === 429;
			const serverError = response.statusCode >= 500 && response.statusCode !== 501;
			if ((!throttled && !serverError) || (serverError && !idempotent)) {
				return { response, attempts: attempt, waitedMs };
			}
			askedSeconds = throttled ? retryAfterSeconds(response) : undefined;
			if (attempt >= RETRY_POLICY.maxAttempts) {
				return {
					response,
					attempts: attempt,
					waitedMs,
					retryAfterSeconds: askedSeconds,
				};
			}
			delay = askedSeconds !== undefined ? askedSeconds * 1000 : backoffMs(attempt);
		}
		if (waitedMs + delay > RETRY_POLICY.maxTotalWaitMs) {
			return 'connectionFailure' in result
				? {
						connectionFailure: result.connectionFailure,
						attempts: attempt,
						waitedMs,
					}
				: {
						response: result.response,
						attempts: attempt,
						waitedMs,
						retryAfterSeconds: askedSeconds,
					};
		}
		await sleep(delay);
		waitedMs += delay;
	}
}
