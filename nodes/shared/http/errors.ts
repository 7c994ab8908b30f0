/**
 * The send core's errors: n8n's error classes with exact, redacted texts, and the Continue On Fail
 * item every node outputs for a failed item.
 */
import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ConnectionFailure, RetryOutcome } from './retry';
import type { SendRequest } from './send';
import { redact, redactValue, shortText } from './text';

/** Keeps n8n's own errors; wraps anything else so that the UI shows it the n8n way. */
export function asNodeError(
	node: INode,
	error: unknown,
	itemIndex?: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (itemIndex !== undefined && error.context.itemIndex === undefined) {
			error.context.itemIndex = itemIndex;
		}
		return error;
	}
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/** The output of a failed item under Continue On Fail, the same in every node. */
export function failedItemJson(error: unknown): IDataObject {
	return {
		error: (error as Error).message,
		description: (error as IDataObject).description ?? null,
	};
}

export interface ErrorText {
	message: string;
	description: string;
	httpCode?: string;
	itemIndex?: number;
	/** What the error carries as its response (redacted). */
	body?: unknown;
}

/**
 * A NodeApiError whose message and description are exactly the ones given, with every secret
 * redacted: NodeApiError replaces a message when its code or text contains a "known" error
 * (ECONNRESET → "You can retry the request immediately…"), which would hide "may have been applied".
 */
export function exactApiError(
	node: INode,
	text: ErrorText,
	secrets: readonly string[],
): NodeApiError {
	const message = redact(text.message, secrets);
	const description = redact(text.description, secrets);
	const raw = text.body;
	const errorBody: JsonObject =
		raw && typeof raw === 'object' && !Array.isArray(raw)
			? redactValue(raw as JsonObject, secrets)
			: { detail: typeof raw === 'string' && raw ? redact(shortText(raw), secrets) : null };
	const error = new NodeApiError(node, errorBody, {
		message,
		description,
		httpCode: text.httpCode,
		itemIndex: text.itemIndex,
	});
	error.message = message;
	error.description = description;
	error.messages = error.messages.map((entry) => redact(String(entry), secrets));
	return error;
}

/** "Userlike may have applied the POST: …" when an unsafe request failed after it may have arrived. */
export function mayHaveBeenApplied(method: string, service: string): string {
	return `${service} may have applied the ${method} before the failure, so it was not repeated: check in ${service} before running the node again, or it may be applied twice.`;
}

/** Userlike's reason from an error body: `{ "detail": "…" }`, field errors, or a short text. */
export function detailOf(body: unknown): string | undefined {
	if (typeof body === 'string') return body.trim() ? shortText(body) : undefined;
	if (!body || typeof body !== 'object') return undefined;
	const data = body as IDataObject;
	for (const key of ['detail', 'message', 'error']) {
		if (typeof data[key] === 'string') return shortText(data[key] as string);
	}
	if (Array.isArray(body)) return shortText(JSON.stringify(body));
	const parts = Object.entries(data).map(
		([key, value]) => `${key}: ${Array.isArray(value) ? value.join(' ') : JSON.stringify(value)}`,
	);
	return parts.length ? shortText(parts.join('; ')) : undefined;
}

export class RedirectRefused extends Error {
	constructor(
		readonly location: string,
		readonly statusCode: number,
		readonly reason: 'origin' | 'method' | 'loop',
		/** The most redirects followed (for the message). */
		readonly limit: number,
	) {
		super('redirect refused');
	}
}

/** Seconds for a message: one decimal below 10 s, whole seconds above. */
function secondsText(ms: number): string {
	const seconds = ms / 1000;
	return seconds < 10 ? seconds.toFixed(1) : String(Math.round(seconds));
}

export function noAnswerError(
	node: INode,
	request: SendRequest,
	outcome: RetryOutcome,
): NodeApiError {
	const failure: ConnectionFailure | undefined = outcome.connectionFailure;
	const attempts = outcome.attempts;
	const host = new URL(request.url).host;
	const code = failure?.code ?? 'no answer';
	const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
	const unsafe = !request.idempotent;
	if (code === 'TIMEOUT') {
		// How long the node waited in all: every attempt and the back-off between them.
		const inAll =
			attempts > 1 ? ` (${attempts} attempts, ${secondsText(outcome.elapsedMs)} s in all)` : '';
		return exactApiError(
			node,
			{
				message: `${request.service} did not answer within ${request.timeoutSeconds} s${inAll}`,
				description: `${request.method} ${new URL(request.url).pathname} on ${host} got no complete answer within the timeout${tries}; a request that timed out is retried once. ${
					unsafe
						? mayHaveBeenApplied(request.method, request.service)
						: 'Run the node again later, or raise the Timeout option.'
				}`,
				itemIndex: request.itemIndex,
				body: { timeout: `${request.timeoutSeconds} s` },
			},
			request.secrets,
		);
	}
	const sentMaybe = unsafe && (failure?.maybeSent ?? true);
	return exactApiError(
		node,
		{
			// The network code stays out of the message: n8n would swap such a message for its generic text.
			message: `Could not reach ${request.service} at ${host}`,
			description: sentMaybe
				? `The connection failed (network error ${code}) during a ${request.method}. ${mayHaveBeenApplied(request.method, request.service)}`
				: `Network error ${code}${tries}. ${unsafe ? 'Nothing reached Userlike. ' : ''}Check the URL in the credential and the network.`,
			itemIndex: request.itemIndex,
			body: { connectionError: code },
		},
		request.secrets,
	);
}

export function redirectError(
	node: INode,
	request: SendRequest,
	refused: RedirectRefused,
): NodeApiError {
	const target = new URL(refused.location);
	const texts: Record<RedirectRefused['reason'], ErrorText> = {
		origin: {
			message: `${request.service} redirected the request to another host (${target.host}); it was not followed`,
			description: `Only ${new URL(request.url).origin} receives the credential, so a redirect elsewhere (${refused.statusCode}) is refused. Check the URL in the credential.`,
		},
		method: {
			message: `${request.service} redirected the ${request.method} (${refused.statusCode}); it was not followed`,
			description: `A ${refused.statusCode} turns a ${request.method} into a GET, which would not do what was asked. ${mayHaveBeenApplied(request.method, request.service)} Check the URL in the credential.`,
		},
		loop: {
			message: `${request.service} redirected more than ${refused.limit} times or in a loop`,
			description: `The last redirect pointed to ${target.pathname}. Check the URL in the credential.`,
		},
	};
	return exactApiError(
		node,
		{
			...texts[refused.reason],
			httpCode: String(refused.statusCode),
			itemIndex: request.itemIndex,
			body: {
				location: target.origin === new URL(request.url).origin ? target.pathname : target.host,
			},
		},
		request.secrets,
	);
}
