/**
 * Pacing for the chatbot API URL: "you can only send 20 requests that use the same cid per minute.
 * When the limit is reached, we will respond with 429".
 *
 * The node keeps, per API URL and chat session (cid), the times of the requests it sent in the last
 * minute, and waits for a free slot instead of running into the 429. The record lives as long as the
 * n8n process, not only one node run: the limit counts every request for the cid, and a workflow that
 * replies in a loop (one run of this node per iteration) must be paced too. Each node run spends one
 * request per chat session (all its events for a cid go in one request).
 *
 * A request is given a slot when it is planned (`reserve`), so that two executions that reply to the
 * same chat session at once queue instead of both taking the last slot. A second of margin covers the
 * time a request takes to reach Userlike. Should Userlike still answer 429 (another n8n instance or
 * another client spent the budget), the shared back-off in ../shared/retry.ts takes over.
 */
export const CHATBOT_RATE_LIMIT = {
	requests: 20,
	windowMs: 60_000,
	marginMs: 1_000,
};

/**
 * Default of the node's "Max Wait for Rate Limit". One execution sends one request at a time, so its
 * longest wait for a slot is the window plus the margin (61 s): the default must be above that, or
 * the 21st reply within a minute fails instead of waiting. 120 s also leaves room for a second
 * execution that reserved slots for the same chat session at the same time.
 */
export const DEFAULT_MAX_WAIT_SECONDS = 120;

export class SessionPacer {
	private readonly sent = new Map<string, number[]>();

	/** The clock; replaceable so that the pacing can be observed without waiting a minute. */
	now: () => number = () => Date.now();

	constructor(
		private readonly limit = CHATBOT_RATE_LIMIT.requests,
		private readonly windowMs = CHATBOT_RATE_LIMIT.windowMs + CHATBOT_RATE_LIMIT.marginMs,
	) {}

	static key(apiUrl: string, cid: string): string {
		return JSON.stringify([apiUrl, cid]);
	}

	/** Times of the requests still inside the window, oldest first; forgets the older ones. */
	private live(key: string, at: number): number[] {
		const times = (this.sent.get(key) ?? []).filter((time) => time > at - this.windowMs);
		if (times.length) this.sent.set(key, times);
		else this.sent.delete(key);
		// Sessions nobody wrote to for a minute are dropped, so the record stays small.
		for (const [other, otherTimes] of this.sent) {
			if (otherTimes[otherTimes.length - 1] <= at - this.windowMs) this.sent.delete(other);
		}
		return times;
	}

	/** The earliest time from `at` on at which fewer than `limit` requests (sent or reserved) lie within the window. */
	private slot(times: number[], at: number): number {
		if (times.length < this.limit) return at;
		return Math.max(at, times[times.length - this.limit] + this.windowMs);
	}

	/** Milliseconds until a request for `key` could be sent, without taking the slot. */
	delayFor(key: string): number {
		const at = this.now();
		return this.slot(this.live(key, at), at) - at;
	}

	/** Takes the next slot for `key` and returns how many milliseconds to wait for it. */
	reserve(key: string): number {
		const at = this.now();
		const times = this.live(key, at);
		const slot = this.slot(times, at);
		times.push(slot);
		// Reserved slots may lie ahead of `at`: keep the list in time order.
		times.sort((a, b) => a - b);
		this.sent.set(key, times);
		return slot - at;
	}

	/** Notes a request sent now outside a reservation (a retry after a 429). */
	record(key: string): void {
		const at = this.now();
		const times = this.live(key, at);
		times.push(at);
		times.sort((a, b) => a - b);
		this.sent.set(key, times);
	}

	/** Requests of `key` inside the window (reserved ones included). */
	count(key: string): number {
		return this.live(key, this.now()).length;
	}
}

/** One pacer for the n8n process: the limit is Userlike's, whichever workflow sends. */
export const chatbotPacer = new SessionPacer();
