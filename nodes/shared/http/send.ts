/**
 * The one raw-send core of the package: every HTTP request to Userlike (the JSON API transport in
 * ../jsonApi/transport.ts and the chatbot API URL in
 * ../../UserlikeChatbot/transport) goes through
 * `sendRequest`. What is written here once:
 *
 * - credentials: applied by n8n (`httpRequestWithAuthentication`), from a credential the caller read
 *   once (a list reads it once, not per page);
 * - a deadline per request, counted from its start (a server that never answers or trickles its answer
 *   is cut off), on top of n8n's socket idle timeout;
 * - redirects: never followed by n8n (it would send the credential to another origin); a redirect on
 *   the same origin is followed here (at most 5), one to another origin is refused;
 * - retries and back-off (retry.ts), connection errors;
 * - body parsing: a 2xx body must be the JSON the endpoint promises (or empty), else a NodeApiError
 *   naming the status and the first bytes;
 * - errors: secrets redacted, HTML reduced to a short text, messages that survive NodeApiError's
 *   replacement of "known" codes, and "may have been applied" after an unsafe request that failed late.
 * Each caller keeps only its per-status messages (`statusError`).
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	INode,
} from 'n8n-workflow';

import {
	asNodeError,
	exactApiError,
	mayHaveBeenApplied,
	noAnswerError,
	RedirectRefused,
	redirectError,
} from './errors';
import type { QueryField } from './parameters';
import { checkJsonDepth, checkUrlLength } from './parameters';
import type { RawResponse, RetryOutcome, SendResult } from './retry';
import { sendWithRetry } from './retry';
import { headerOf, looksLikeHtml, preview } from './text';

/** What the core needs of an n8n context (execute, load-options, poll, hook functions all have it). */
export interface HttpContext {
	getNode(): INode;
	helpers: Pick<IExecuteFunctions['helpers'], 'httpRequestWithAuthentication'>;
}

export const MAX_REDIRECTS = 5;

export interface SendRequest {
	/** The credential type, e.g. 'userlikeApi'. */
	credentialType: string;
	/** The decrypted credential, read once by the caller. */
	credentials: ICredentialDataDecryptedObject;
	/** Values never to show in an error: the token, the security token. */
	secrets: string[];
	method: IHttpRequestMethods;
	url: string;
	qs?: IDataObject;
	body?: unknown;
	/** Whether the request may be repeated (GET, DELETE of named IDs). */
	idempotent: boolean;
	timeoutSeconds: number;
	/** Total budget for retry waits (429 included), in ms. */
	maxWaitMs?: number;
	/** Key under which a hint-less 429's clearing time is learned. */
	learnKey?: string;
	/** Called before every attempt (1, 2, …), e.g. to count a retry against a rate limit. */
	beforeAttempt?: (attempt: number) => void;
	/**
	 * `json`: a 2xx body must be JSON or empty. `jsonOrText`: a short plain-text body is accepted too
	 * (never HTML, never something that starts like JSON and does not parse).
	 */
	accept: 'json' | 'jsonOrText';
	/** The service's name in messages, e.g. "Userlike". */
	service: string;
	itemIndex?: number;
	/** Query parameters by their UI field, for the message when the URL is too long. */
	queryFields?: Record<string, QueryField>;
}

export interface HttpAnswer extends RawResponse {
	outcome: RetryOutcome;
}

/** The network error code (ECONNRESET, ECONNREFUSED, …) when no HTTP answer arrived. */
function connectionCode(error: unknown): string | undefined {
	let current = error as IDataObject | undefined;
	for (let depth = 0; current && depth < 6; depth++) {
		// n8n wraps network errors in a NodeApiError whose httpCode carries the code (e.g. ECONNRESET).
		for (const key of ['code', 'httpCode']) {
			const code = current[key];
			if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
		}
		current = current.cause as IDataObject | undefined;
	}
	const message = String((error as Error)?.message ?? '');
	if (/socket hang up|ECONNRESET|aborted/i.test(message)) return 'ECONNRESET';
	return undefined;
}

/** Codes after which the request cannot have reached the server. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** The context n8n's helper sees: its cancel signal also fires at our deadline. */
function withDeadline<T extends object>(context: T, signal: AbortSignal): T {
	const own = context as { getExecutionCancelSignal?: () => AbortSignal | undefined };
	const cancel =
		typeof own.getExecutionCancelSignal === 'function' ? own.getExecutionCancelSignal() : undefined;
	const combined = cancel ? AbortSignal.any([cancel, signal]) : signal;
	// n8n's httpRequestWithAuthentication sets the request's abort signal from getExecutionCancelSignal().
	return Object.create(context, {
		getExecutionCancelSignal: { value: () => combined },
	}) as T;
}

function cancelled(context: object): boolean {
	const own = context as { getExecutionCancelSignal?: () => AbortSignal | undefined };
	return typeof own.getExecutionCancelSignal === 'function'
		? Boolean(own.getExecutionCancelSignal()?.aborted)
		: false;
}

/**
 * Sends one request with retries, deadline and redirect checks. Returns the last HTTP answer with a
 * parsed body (JSON value, or text for an error body); throws a NodeApiError when no answer came, when
 * a redirect was refused, or when a 2xx body is not what `accept` says.
 */
export async function sendRequest(this: HttpContext, request: SendRequest): Promise<HttpAnswer> {
	const node = this.getNode();
	checkUrlLength(node, request.url, request.qs, request.itemIndex, request.queryFields);
	// The last guard: a body this deep would overflow the stack when it is serialised.
	if (request.body !== undefined) {
		checkJsonDepth(node, request.body, 'The request body', request.itemIndex ?? 0);
	}
	const origin = new URL(request.url).origin;
	const timeoutMs = Math.max(1, request.timeoutSeconds) * 1000;

	const sendOnce = async (): Promise<SendResult> => {
		let url = request.url;
		let method = request.method;
		let qs = request.qs;
		let body = request.body;
		const seen = new Set<string>();
		for (let hop = 0; ; hop++) {
			const deadline = AbortSignal.timeout(timeoutMs);
			const context = withDeadline(this, deadline);
			const options: IHttpRequestOptions = {
				method,
				url,
				qs,
				body: body as IHttpRequestOptions['body'],
				json: false,
				encoding: 'text',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				disableFollowRedirect: true,
				timeout: timeoutMs,
				abortSignal: deadline,
				headers:
					body === undefined
						? { Accept: 'application/json' }
						: { Accept: 'application/json', 'Content-Type': 'application/json' },
			};
			let raw: IDataObject;
			try {
				raw = (await this.helpers.httpRequestWithAuthentication.call(
					context as unknown as IExecuteFunctions,
					request.credentialType,
					options,
					{
						credentialsDecrypted: {
							id: '',
							name: '',
							type: request.credentialType,
							data: request.credentials,
						},
					},
				)) as IDataObject;
			} catch (error) {
				if (cancelled(this)) throw asNodeError(node, error, request.itemIndex);
				if (deadline.aborted) return { connectionFailure: { code: 'TIMEOUT', maybeSent: true } };
				const code = connectionCode(error);
				if (code) {
					const timedOut = /TIMEDOUT|ECONNABORTED/.test(code);
					return {
						connectionFailure: {
							code: timedOut ? 'TIMEOUT' : code,
							maybeSent: !NOT_SENT.has(code),
						},
					};
				}
				throw asNodeError(node, error, request.itemIndex);
			}
			const statusCode = Number(raw.statusCode);
			const headers = (raw.headers ?? {}) as RawResponse['headers'];
			const text =
				typeof raw.body === 'string' ? raw.body : raw.body == null ? '' : String(raw.body);
			const location = headerOf(headers, 'location');
			if (statusCode >= 300 && statusCode < 400 && statusCode !== 304 && location) {
				const target = new URL(location, url);
				if (target.origin !== origin)
					throw new RedirectRefused(target.href, statusCode, 'origin', MAX_REDIRECTS);
				const keepsMethod = statusCode === 307 || statusCode === 308;
				if (!keepsMethod && method !== 'GET' && method !== 'HEAD') {
					throw new RedirectRefused(target.href, statusCode, 'method', MAX_REDIRECTS);
				}
				if (seen.has(target.href) || hop >= MAX_REDIRECTS) {
					throw new RedirectRefused(target.href, statusCode, 'loop', MAX_REDIRECTS);
				}
				seen.add(target.href);
				url = target.href;
				qs = undefined;
				if (!keepsMethod) {
					method = method === 'HEAD' ? 'HEAD' : 'GET';
					body = undefined;
				}
				continue;
			}
			return { response: { statusCode, headers, body: text } };
		}
	};

	const nonJson = new WeakMap<RawResponse, boolean>();
	let outcome: RetryOutcome;
	try {
		outcome = await sendWithRetry(
			async (attempt) => {
				request.beforeAttempt?.(attempt);
				const result = await sendOnce();
				if ('response' in result) {
					// The retry policy reads Retry-After hints from a parsed body.
					const parsed = parseBody(result.response.body as string);
					result.response.body = parsed.value;
					nonJson.set(result.response, !parsed.json);
				}
				return result;
			},
			{ idempotent: request.idempotent, maxWaitMs: request.maxWaitMs, learnKey: request.learnKey },
		);
	} catch (error) {
		if (error instanceof RedirectRefused) throw redirectError(node, request, error);
		throw asNodeError(node, error, request.itemIndex);
	}

	const response = outcome.response;
	if (!response) throw noAnswerError(node, request, outcome);

	const answer: HttpAnswer = { ...response, outcome };
	if (response.statusCode >= 200 && response.statusCode < 300) {
		answer.body = successBody(
			node,
			request,
			response.statusCode,
			response.body,
			nonJson.get(response) ?? false,
		);
	}
	return answer;
}

interface Parsed {
	value: unknown;
	/** false when the text was not JSON (value is then the text). */
	json: boolean;
}

function parseBody(text: string): Parsed {
	if (typeof text !== 'string') return { value: text, json: true };
	if (text.trim() === '') return { value: undefined, json: true };
	try {
		return { value: JSON.parse(text), json: true };
	} catch {
		return { value: text, json: false };
	}
}

/** A 2xx body, checked: JSON (or empty), or for `jsonOrText` a short plain text. */
function successBody(
	node: INode,
	request: SendRequest,
	statusCode: number,
	body: unknown,
	notJson: boolean,
): unknown {
	if (!notJson || typeof body !== 'string') return body;
	const plainTextAllowed =
		request.accept === 'jsonOrText' && !looksLikeHtml(body) && !/^\s*[[{"]/.test(body);
	if (plainTextAllowed) return body;
	const kind = looksLikeHtml(body)
		? 'an HTML page'
		: /^\s*[[{"]/.test(body)
			? 'JSON that breaks off (an incomplete answer)'
			: 'text';
	throw exactApiError(
		node,
		{
			message: `${request.service} answered ${statusCode} with ${kind} instead of JSON: ${preview(body)}`,
			description: `The answer to ${request.method} ${new URL(request.url).pathname} is not the JSON ${request.service} sends, so nothing of it was used.${
				request.idempotent ? '' : ` ${mayHaveBeenApplied(request.method, request.service)}`
			} A proxy or a network problem may have changed the answer; run the node again.`,
			httpCode: String(statusCode),
			itemIndex: request.itemIndex,
			body: { detail: preview(body) },
		},
		request.secrets,
	);
}

/** The secrets a credential holds: every non-trivial string value of a secret-looking field. */
export function credentialSecrets(
	credentials: ICredentialDataDecryptedObject,
	fields: readonly string[],
): string[] {
	return fields
		.map((field) => credentials[field])
		.filter((value): value is string => typeof value === 'string' && value.trim().length >= 4)
		.map((value) => value.trim());
}
