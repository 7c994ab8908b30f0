/**
 * Delivery to the bot's API URL: one POST per chat session with the list of its events, the
 * SECURITY-TOKEN header from the credential (applied by n8n), paced to Userlike's 20 requests a minute
 * per cid (pacing.ts) and backed off on 429 by the package's one retry policy (sendWithRetry).
 */
import type { ICredentialDataDecryptedObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import type { HttpAnswer } from '../../shared/http';
import {
	credentialSecrets,
	detailOf,
	exactApiError,
	mayHaveBeenApplied,
	readTimeout,
	sendRequest,
} from '../../shared/http';
import { CHATBOT_CREDENTIAL } from '../../shared/webhook/secret';
import type { ChatbotEvent } from '../events';
import {
	chatbotPacer,
	CHATBOT_RATE_LIMIT,
	DEFAULT_MAX_WAIT_SECONDS,
	SessionPacer,
} from '../pacing';

/** The bot's API URL and credential, read once per node run. */
export interface ChatbotSession {
	apiUrl: string;
	credentials: ICredentialDataDecryptedObject;
	secrets: string[];
	timeoutSeconds: number;
	/** "Max Wait for Rate Limit" in seconds. */
	maxWaitSeconds: number;
}

export async function openChatbotSession(
	this: IExecuteFunctions,
	options: { timeout?: unknown; maxRateLimitWait?: unknown },
): Promise<ChatbotSession> {
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
	return {
		apiUrl,
		credentials,
		secrets: credentialSecrets(credentials, ['securityToken']),
		timeoutSeconds: readTimeout(this.getNode(), options.timeout, 'Options'),
		maxWaitSeconds: readMaxWait(this.getNode(), options.maxRateLimitWait),
	};
}

/** Max Wait for Rate Limit in seconds (0–300), or a NodeOperationError before anything is sent. */
function readMaxWait(node: INode, value: unknown): number {
	const seconds = Number(value ?? DEFAULT_MAX_WAIT_SECONDS);
	if (value === '' || !Number.isFinite(seconds) || seconds < 0 || seconds > 300) {
		throw new NodeOperationError(
			node,
			`Max Wait for Rate Limit must be a number of seconds from 0 to 300, not "${String(value)}"`,
			{
				description: `Set Options > Max Wait for Rate Limit (Seconds), e.g. ${DEFAULT_MAX_WAIT_SECONDS}. Nothing was sent.`,
			},
		);
	}
	return seconds;
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

function apiError(
	this: IExecuteFunctions,
	session: ChatbotSession,
	batch: SessionBatch,
	answer: HttpAnswer,
): NodeApiError {
	const { statusCode, body, outcome } = answer;
	const { apiUrl } = session;
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
			description = `Userlike allows ${CHATBOT_RATE_LIMIT.requests} requests a minute per chat session; the wait did not clear within ${Math.round(outcome.waitedMs / 1000)} s ("Max Wait for Rate Limit" is ${session.maxWaitSeconds} s). Another client may be sending to this chat session too. Nothing of this request was applied.`;
			break;
		default:
			message = `Userlike answered ${statusCode}${detail ? `: ${detail}` : ''}`;
			description =
				statusCode >= 500
					? `Userlike had a server error. ${mayHaveBeenApplied('POST', 'Userlike')} Look at the conversation.`
					: 'The request failed.';
	}
	return exactApiError(
		this.getNode(),
		{ message, description, httpCode: String(statusCode), itemIndex: batch.itemIndexes[0], body },
		session.secrets,
	);
}

export interface BatchResult {
	statusCode: number;
	body: unknown;
}

/**
 * Sends one chat session's events through the package's send core. Waits for a pacing slot first
 * (at most `maxWaitSeconds`). `sentSessions` lists the sessions already sent in this run, for the
 * error message. Not idempotent: a POST that got a 5xx, lost its connection or timed out may have
 * reached Userlike, so only 429s are retried, within "Max Wait for Rate Limit" (with plain exponential
 * back-off when Userlike gives no Retry-After: each retry is one more of the 20 requests a minute).
 */
export async function sendBatch(
	this: IExecuteFunctions,
	session: ChatbotSession,
	batch: SessionBatch,
	sentSessions: string[],
): Promise<BatchResult> {
	const { apiUrl, maxWaitSeconds } = session;
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

	const answer = await sendRequest.call(this, {
		credentialType: CHATBOT_CREDENTIAL,
		credentials: session.credentials,
		secrets: session.secrets,
		method: 'POST',
		url: apiUrl,
		body: batch.events,
		idempotent: false,
		timeoutSeconds: session.timeoutSeconds,
		maxWaitMs: Math.max(0, maxWaitSeconds - wait / 1000) * 1000,
		// A retry is another request Userlike counts against the chat session.
		beforeAttempt: (attempt) => {
			if (attempt > 1) chatbotPacer.record(key);
		},
		accept: 'jsonOrText',
		service: 'Userlike',
		itemIndex: batch.itemIndexes[0],
	});
	if (answer.statusCode >= 200 && answer.statusCode < 300) {
		return { statusCode: answer.statusCode, body: answer.body ?? '' };
	}
	throw apiError.call(this, session, batch, answer);
}
