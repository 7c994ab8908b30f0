/**
 * The one raw-send core of the package: every HTTP request to Userlike (the JSON API transport in
 * ./transport and the chatbot API URL in ../UserlikeChatbot/apiUrl.ts) goes through
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
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ConnectionFailure, RawResponse, RetryOutcome, SendResult } from './retry';
import { sendWithRetry } from './retry';

/** What the core needs of an n8n context (execute, load-options, poll, hook functions all have it). */
export interface HttpContext {
	getNode(): INode;
	helpers: Pick<IExecuteFunctions['helpers'], 'httpRequestWithAuthentication'>;
}

export const DEFAULT_TIMEOUT_SECONDS = 30;

/** A Timeout option's value in seconds, or a NodeOperationError naming where to set it. */
export function readTimeout(node: INode, value: unknown, where: string, itemIndex = 0): number {
	const seconds = Number(value ?? DEFAULT_TIMEOUT_SECONDS);
	if (!Number.isFinite(seconds) || seconds <= 0) {
		throw new NodeOperationError(
			node,
			`Timeout must be a number of seconds above 0, not "${String(value)}"`,
			{ itemIndex, description: `Set ${where} > Timeout (Seconds), e.g. 30. Nothing was sent.` },
		);
	}
	return seconds;
}
export const MAX_REDIRECTS = 5;
/** How many bytes of an unexpected body an error shows. */
const PREVIEW_CHARS = 120;

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
}

export interface HttpAnswer extends RawResponse {
	outcome: RetryOutcome;
}

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

// ---------------------------------------------------------------------------------------------
// Text helpers

/** Replaces every secret (of 4 characters or more) in `text` with "[redacted]". */
export function redact(text: string, secrets: readonly string[]): string {
	let out = text;
	for (const secret of secrets) {
		if (typeof secret === 'string' && secret.length >= 4)
			out = out.split(secret).join('[redacted]');
	}
	return out;
}

/** A deep copy of `value` with every secret redacted from its strings (iterative, any depth). */
export function redactValue<T>(value: T, secrets: readonly string[]): T {
	try {
		const text = JSON.stringify(value);
		if (text === undefined) return value;
		return JSON.parse(redact(text, secrets)) as T;
	} catch {
		return { detail: '[an answer that could not be shown]' } as T;
	}
}

function looksLikeHtml(text: string): boolean {
	return /^\s*(<!doctype html|<html|<head|<body|<\?xml|<[a-z]+[\s>])/i.test(text);
}

/** An HTML page as a short text: its title, else its text without tags. */
export function shortText(text: string, max = 200): string {
	let plain = text;
	if (looksLikeHtml(text)) {
		const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1];
		const heading = /<h1[^>]*>([^<]*)<\/h1>/i.exec(text)?.[1];
		plain = (title || heading || text.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' '))
			.replace(/<[^>]*>/g, ' ')
			.replace(/&nbsp;/g, ' ')
			.replace(/&amp;/g, '&')
			.replace(/&lt;/g, '<')
			.replace(/&gt;/g, '>');
	}
	plain = plain.replace(/\s+/g, ' ').trim();
	return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}

function preview(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > PREVIEW_CHARS ? `${flat.slice(0, PREVIEW_CHARS)}…` : flat;
}

/** The deepest nesting of arrays/objects in `value`, counted without recursion. */
export function jsonDepth(value: unknown, stopAt = Infinity): number {
	let deepest = 0;
	const stack: Array<[unknown, number]> = [[value, 1]];
	while (stack.length) {
		const [current, depth] = stack.pop() as [unknown, number];
		if (current === null || typeof current !== 'object') continue;
		if (depth > deepest) deepest = depth;
		if (deepest > stopAt) return deepest;
		for (const child of Object.values(current as object)) stack.push([child, depth + 1]);
	}
	return deepest;
}

export const MAX_JSON_DEPTH = 64;

/** Refuses JSON nested deeper than MAX_JSON_DEPTH, naming the field (instead of a stack overflow later). */
export function checkJsonDepth(
	node: INode,
	value: unknown,
	field: string,
	itemIndex: number,
): void {
	const depth = jsonDepth(value, MAX_JSON_DEPTH);
	if (depth > MAX_JSON_DEPTH) {
		throw new NodeOperationError(
			node,
			`${field} is nested more than ${MAX_JSON_DEPTH} levels deep`,
			{
				itemIndex,
				description: `Flatten the JSON in "${field}": at most ${MAX_JSON_DEPTH} levels of objects and arrays are sent. Nothing was sent.`,
			},
		);
	}
}

// ---------------------------------------------------------------------------------------------
// Errors

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

// ---------------------------------------------------------------------------------------------
// Sending

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

function headerOf(headers: RawResponse['headers'], name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

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

class RedirectRefused extends Error {
	constructor(
		readonly location: string,
		readonly statusCode: number,
		readonly reason: 'origin' | 'method' | 'loop',
	) {
		super('redirect refused');
	}
}

/**
 * Sends one request with retries, deadline and redirect checks. Returns the last HTTP answer with a
 * parsed body (JSON value, or text for an error body); throws a NodeApiError when no answer came, when
 * a redirect was refused, or when a 2xx body is not what `accept` says.
 */
export async function sendRequest(this: HttpContext, request: SendRequest): Promise<HttpAnswer> {
	const node = this.getNode();
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
				if (target.origin !== origin) throw new RedirectRefused(target.href, statusCode, 'origin');
				const keepsMethod = statusCode === 307 || statusCode === 308;
				if (!keepsMethod && method !== 'GET' && method !== 'HEAD') {
					throw new RedirectRefused(target.href, statusCode, 'method');
				}
				if (seen.has(target.href) || hop >= MAX_REDIRECTS) {
					throw new RedirectRefused(target.href, statusCode, 'loop');
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
	if (!response) throw noAnswerError(node, request, outcome.connectionFailure, outcome.attempts);

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

function noAnswerError(
	node: INode,
	request: SendRequest,
	failure: ConnectionFailure | undefined,
	attempts: number,
): NodeApiError {
	const host = new URL(request.url).host;
	const code = failure?.code ?? 'no answer';
	const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
	const unsafe = !request.idempotent;
	if (code === 'TIMEOUT') {
		return exactApiError(
			node,
			{
				message: `${request.service} did not answer within ${request.timeoutSeconds} s`,
				description: `${request.method} ${new URL(request.url).pathname} on ${host} got no complete answer within the timeout${tries}. ${
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

function redirectError(node: INode, request: SendRequest, refused: RedirectRefused): NodeApiError {
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
			message: `${request.service} redirected more than ${MAX_REDIRECTS} times or in a loop`,
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
