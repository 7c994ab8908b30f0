/**
 * Delivery to the bot's API URL: one POST per chat session with the list of its events, the
 * SECURITY-TOKEN header from the credential (applied by n8n), paced to Userlike's 20 requests a minute
 * per cid (pacing.ts) and backed off on 429 by the package's one retry policy (sendWithRetry).
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import type { RawResponse, RetryOutcome, SendResult } from '../Userlike/transport/retry';
import { asNodeError } from '../Userlike/transport';
import { sendWithRetry } from '../Userlike/transport/retry';
import type { ChatbotEvent } from './events';
import { chatbotPacer, CHATBOT_RATE_LIMIT, SessionPacer } from './pacing';

export const CHATBOT_CREDENTIAL = 'userlikeChatbotApi';

export async function getApiUrl(this: IExecuteFunctions): Promise<string> {
	const credentials = await this.getCredentials(CHATBOT_CREDENTIAL);
	const apiUrl = String(credentials.apiUrl ?? '').trim();
	let valid = false;
	try {
		valid = /^https?:$/.test(new URL(apiUrl).protocol);
	} catch {
		valid = false;
	}
	if (!valid) {
		throw new NodeOperationError(
			this.getNode(),
			'The API URL in the Userlike Chatbot API credential is not a URL',
			{
				description:
					"Copy the bot's API URL from Userlike (Team > Chatbots > Edit) into the credential.",
			},
		);
	}
	return apiUrl;
}

export interface SessionBatch {
	cid: string;
	events: ChatbotEvent[];
	/** Input items whose events are in this batch. */
	itemIndexes: number[];
}

/** Groups events by chat session, in the order the sessions first appear; each keeps its order. */
export function batchBySession(
	entries: Array<{ itemIndex: number; events: ChatbotEvent[] }>,
): SessionBatch[] {
	const batches = new Map<string, SessionBatch>();
	for (const { itemIndex, events } of entries) {
		for (const event of events) {
			const cid = event.info.cid;
			let batch = batches.get(cid);
			if (!batch) {
				batch = { cid, events: [], itemIndexes: [] };
				batches.set(cid, batch);
			}
			batch.events.push(event);
			if (!batch.itemIndexes.includes(itemIndex)) batch.itemIndexes.push(itemIndex);
		}
	}
	return [...batches.values()];
}

function pacingError(
	this: IExecuteFunctions,
	cid: string,
	waitMs: number,
	maxWaitSeconds: number,
	itemIndex: number,
	sentSessions: string[],
): NodeOperationError {
	const seconds = Math.ceil(waitMs / 1000);
	return new NodeOperationError(
		this.getNode(),
		`Userlike's limit of ${CHATBOT_RATE_LIMIT.requests} requests a minute for chat session ${cid} is used up`,
		{
			itemIndex,
			description: `The next request for this chat session could go in ${seconds} s, longer than "Max Wait for Rate Limit" (${maxWaitSeconds} s) allows. ${
				sentSessions.length
					? `Sent before stopping: chat session(s) ${sentSessions.join(', ')}.`
					: 'Nothing was sent.'
			} Raise the option, or send fewer requests to this chat session: the node already sends all events of a run for one chat session in one request.`,
		},
	);
}

/**
 * Fails before anything is sent when a chat session would need a longer wait than allowed.
 */
export function checkPacing(
	this: IExecuteFunctions,
	apiUrl: string,
	batches: SessionBatch[],
	maxWaitSeconds: number,
): void {
	for (const batch of batches) {
		const wait = chatbotPacer.delayFor(SessionPacer.key(apiUrl, batch.cid));
		if (wait > maxWaitSeconds * 1000) {
			throw pacingError.call(this, batch.cid, wait, maxWaitSeconds, batch.itemIndexes[0], []);
		}
	}
}

/** The network error code (ECONNREFUSED, ECONNRESET, …) when no HTTP answer arrived. */
function connectionCode(error: unknown): string | undefined {
	let current = error as IDataObject | undefined;
	for (let depth = 0; current && depth < 5; depth++) {
		if (typeof current.code === 'string' && /^E[A-Z]+$/.test(current.code)) return current.code;
		current = current.cause as IDataObject | undefined;
	}
	return /socket hang up/i.test(String((error as Error)?.message ?? '')) ? 'ECONNRESET' : undefined;
}

function detailOf(body: unknown): string | undefined {
	if (typeof body === 'string') return body.trim() || undefined;
	if (!body || typeof body !== 'object') return undefined;
	const data = body as IDataObject;
	for (const key of ['detail', 'message', 'error']) {
		if (typeof data[key] === 'string') return data[key] as string;
	}
	const text = JSON.stringify(body);
	return text === '{}' || text === '[]' ? undefined : text;
}

function apiError(
	this: IExecuteFunctions,
	apiUrl: string,
	batch: SessionBatch,
	outcome: RetryOutcome,
	response: RawResponse,
): NodeApiError {
	const { statusCode, body } = response;
	const detail = detailOf(body);
	let message: string;
	let description: string;
	switch (statusCode) {
		case 400:
			message = `Userlike rejected the events for chat session ${batch.cid}${detail ? `: ${detail}` : ''}`;
			description = 'Nothing in this request was applied. Check the fields named in the message.';
			break;
		case 401:
		case 403:
			message = `Userlike did not accept the security token (${statusCode})`;
			description =
				"Generate the API security token again in the bot's settings in Userlike (Team > Chatbots > Edit) and copy it into the Userlike Chatbot API credential.";
			break;
		case 404:
			message = `Userlike answered 404 for the API URL${detail ? `: ${detail}` : ''}`;
			description = `Check the API URL in the credential (${new URL(apiUrl).host}). A chat session that has expired cannot receive events either.`;
			break;
		case 429:
			message = `Userlike is still throttling chat session ${batch.cid} after ${outcome.attempts} attempts (429 Too Many Requests)`;
			description = `Userlike allows ${CHATBOT_RATE_LIMIT.requests} requests a minute per chat session; the wait did not clear within ${Math.round(outcome.waitedMs / 1000)} s. Another client may be sending to this chat session too.`;
			break;
		default:
			message = `Userlike answered ${statusCode}${detail ? `: ${detail}` : ''}`;
			description =
				statusCode >= 500
					? 'Userlike had a server error. The request was not repeated, because Userlike may have applied the events: check the conversation before running again.'
					: 'The request failed.';
	}
	const errorBody: JsonObject =
		body && typeof body === 'object' && !Array.isArray(body)
			? (body as JsonObject)
			: { detail: detail ?? null };
	return new NodeApiError(this.getNode(), errorBody, {
		message,
		description,
		httpCode: String(statusCode),
		itemIndex: batch.itemIndexes[0],
	});
}

export interface BatchResult {
	statusCode: number;
	body: unknown;
}

/**
 * Sends one chat session's events. Waits for a pacing slot first (at most `maxWaitSeconds`).
 * `sentSessions` lists the sessions already sent in this run, for the error message.
 */
export async function sendBatch(
	this: IExecuteFunctions,
	apiUrl: string,
	batch: SessionBatch,
	maxWaitSeconds: number,
	sentSessions: string[],
): Promise<BatchResult> {
	const key = SessionPacer.key(apiUrl, batch.cid);
	const wait = chatbotPacer.reserve(key);
	if (wait > maxWaitSeconds * 1000) {
		throw pacingError.call(
			this,
			batch.cid,
			wait,
			maxWaitSeconds,
			batch.itemIndexes[0],
			sentSessions,
		);
	}
	if (wait > 0) await sleep(wait);

	const requestOptions: IHttpRequestOptions = {
		method: 'POST',
		url: apiUrl,
		body: batch.events as unknown as IDataObject,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
	};
	let attempt = 0;
	const send = async (): Promise<SendResult> => {
		attempt++;
		// A retry is another request Userlike counts against the chat session.
		if (attempt > 1) chatbotPacer.record(key);
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CHATBOT_CREDENTIAL,
				requestOptions,
			)) as IDataObject;
			return {
				response: {
					statusCode: Number(response.statusCode),
					headers: (response.headers ?? {}) as RawResponse['headers'],
					body: response.body,
				},
			};
		} catch (error) {
			const code = connectionCode(error);
			if (code) return { connectionFailure: { code } };
			throw asNodeError(this.getNode(), error, batch.itemIndexes[0]);
		}
	};
	// Not idempotent: a POST that got a 5xx or lost its connection may have reached Userlike, so only
	// 429s are retried (sendWithRetry's rule).
	const outcome = await sendWithRetry(send, false);
	const response = outcome.response;
	if (!response) {
		const code = outcome.connectionFailure?.code ?? 'no answer';
		throw new NodeApiError(
			this.getNode(),
			{ code },
			{
				message: `Could not reach Userlike at ${new URL(apiUrl).host} (${code})`,
				description:
					'The request was not repeated, because it may have reached Userlike: check the conversation before running again. Check the API URL in the credential and the network.',
				itemIndex: batch.itemIndexes[0],
			},
		);
	}
	if (response.statusCode >= 200 && response.statusCode < 300) {
		return { statusCode: response.statusCode, body: response.body ?? '' };
	}
	throw apiError.call(this, apiUrl, batch, outcome, response);
}
