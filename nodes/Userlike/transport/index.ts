import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { RawResponse, RetryOutcome, SendResult } from './retry';
import { isIdempotent, RETRY_POLICY, sendWithRetry } from './retry';

export type UserlikeFunctions = IExecuteFunctions | ILoadOptionsFunctions;

/** The most items Userlike returns on one page, and the most a list DELETE removes in one call. */
export const MAX_PAGE_SIZE = 100;

export interface UserlikeRequestOptions {
	qs?: IDataObject;
	body?: IDataObject;
	/** An absolute URL to call instead of `endpoint` (a `next` link). Must be on the credential's host. */
	url?: string;
	itemIndex?: number;
	/** Overrides the method's idempotence, e.g. true for a DELETE of named IDs. */
	idempotent?: boolean;
	/** What the request is about, for a 404 message: e.g. "contact with ID 42". */
	subject?: string;
}

interface ApiLocation {
	/** e.g. https://api.userlike.com/api/um/v3 */
	base: string;
	origin: string;
	apiVersion: 'v2' | 'v3';
}

export async function getApiLocation(this: UserlikeFunctions): Promise<ApiLocation> {
	const credentials = await this.getCredentials('userlikeApi');
	const root = String(credentials.baseUrl || 'https://api.userlike.com').replace(/\/+$/, '');
	const apiVersion = credentials.apiVersion === 'v2' ? 'v2' : 'v3';
	return {
		base: `${root}/api/um/${apiVersion}`,
		origin: new URL(root).origin,
		apiVersion,
	};
}

/** Keeps n8n's own errors; wraps anything else so that the UI shows it the n8n way. */
export function asNodeError(
	node: INode,
	error: unknown,
	itemIndex?: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error, { itemIndex });
}

function toRawResponse(response: IDataObject): RawResponse {
	return {
		statusCode: Number(response.statusCode),
		headers: (response.headers ?? {}) as RawResponse['headers'],
		body: response.body,
	};
}

/** The network error code (ECONNRESET, ECONNREFUSED, …) when no HTTP answer arrived. */
function connectionCode(error: unknown): string | undefined {
	let current = error as IDataObject | undefined;
	for (let depth = 0; current && depth < 5; depth++) {
		// n8n wraps network errors in a NodeApiError whose httpCode carries the code (e.g. ECONNRESET).
		for (const key of ['code', 'httpCode']) {
			const code = current[key];
			if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
		}
		current = current.cause as IDataObject | undefined;
	}
	const message = String((error as Error)?.message ?? '');
	if (/socket hang up|ECONNRESET/i.test(message)) return 'ECONNRESET';
	return undefined;
}

/** Userlike's reason: `{ "detail": "…" }`, or field errors `{ "country": ["…"] }`. */
function detailOf(body: unknown): string | undefined {
	if (!body || typeof body !== 'object') return typeof body === 'string' && body ? body : undefined;
	const data = body as IDataObject;
	if (typeof data.detail === 'string') return data.detail;
	const parts = Object.entries(data).map(
		([key, value]) => `${key}: ${Array.isArray(value) ? value.join(' ') : JSON.stringify(value)}`,
	);
	return parts.length ? parts.join('; ') : undefined;
}

function apiError(
	node: INode,
	outcome: RetryOutcome,
	response: RawResponse,
	method: IHttpRequestMethods,
	path: string,
	options: UserlikeRequestOptions,
): NodeApiError {
	const { statusCode, body } = response;
	const detail = detailOf(body);
	const subject = options.subject;
	let message: string;
	let description: string;
	switch (statusCode) {
		case 400:
			message = `Userlike rejected the request: ${detail ?? 'bad request'}`;
			description = 'Check the parameters named in the message and run the node again.';
			break;
		case 401:
			message = 'Userlike did not accept the API token (401 Unauthorized)';
			description =
				'The token in the Userlike API credential is wrong or was revoked. Copy it again from the Userlike Dashboard (Chat tools > API settings, or Account > API settings for a customer token).';
			break;
		case 403:
			message = `Userlike refused the request (403 Forbidden)${detail ? `: ${detail}` : ''}`;
			description =
				'The operator the credential acts as (Operator ID) may lack the capability, or Userlike protects this item.';
			break;
		case 404:
			message = subject ? `No ${subject} exists` : `Userlike has no such resource (${path})`;
			description = subject
				? 'Userlike answered 404 Not Found. Check the ID, and that the credential acts for the organization that owns it.'
				: 'Check the ID and the API version in the credential.';
			break;
		case 405:
			message = `Userlike does not allow ${method} on ${path}`;
			description =
				'This operation may not exist in the API version chosen in the credential (v2 or v3).';
			break;
		case 415:
			message = `Userlike could not read the request body: ${detail ?? 'unsupported media type'}`;
			description = 'The body must be JSON.';
			break;
		case 429: {
			const seconds = outcome.retryAfterSeconds;
			if (seconds !== undefined && seconds * 1000 > RETRY_POLICY.maxTotalWaitMs) {
				const hours = (seconds / 3600).toFixed(1);
				message = `Userlike's daily quota for this resource is used up (429 Too Many Requests; available again in ${seconds} s, about ${hours} h)`;
				description =
					'Userlike allows 5000 requests a day per resource and organization, all methods counted together. Wait until the quota resets, or make fewer calls: Return All reads pages of 100, Delete Many by IDs deletes 100 per call.';
			} else {
				message = `Userlike is still throttling after ${outcome.attempts} attempts (429 Too Many Requests)`;
				description = `Burst throttling did not clear within ${Math.round(outcome.waitedMs / 1000)} s of waiting. Slow the workflow down (e.g. Loop Over Items with a Wait) and run it again.`;
			}
			break;
		}
		default:
			message = `Userlike answered ${statusCode}${detail ? `: ${detail}` : ''}`;
			description =
				statusCode >= 500
					? `Userlike had a server error${outcome.attempts > 1 ? ` on each of ${outcome.attempts} attempts` : ''}. Try again later.`
					: 'The request failed.';
	}
	const errorBody: JsonObject =
		body && typeof body === 'object' ? (body as JsonObject) : { detail: detail ?? null };
	return new NodeApiError(node, errorBody, {
		message,
		description,
		httpCode: String(statusCode),
		itemIndex: options.itemIndex,
	});
}

/**
 * The one request function of the package: every call to the Userlike JSON API goes through it.
 * Credentials are applied by n8n (`httpRequestWithAuthentication`), rate limits and transient
 * failures are retried as `retry.ts` says, and failures become NodeApiErrors that never carry the token.
 */
export async function userlikeApiRequest(
	this: UserlikeFunctions,
	method: IHttpRequestMethods,
	endpoint: string,
	options: UserlikeRequestOptions = {},
): Promise<IDataObject> {
	const location = await getApiLocation.call(this);
	const url = options.url ?? `${location.base}/${endpoint.replace(/^\/+/, '')}`;
	if (options.url && new URL(options.url).origin !== location.origin) {
		// A pagination link elsewhere would receive the API token: refuse it.
		throw new NodeApiError(
			this.getNode(),
			{ next: options.url },
			{
				message: `Userlike returned a page link on another host (${new URL(options.url).host})`,
				description: `Only links on ${location.origin} are followed, so that the API token is not sent elsewhere. Check the Base URL in the credential.`,
				itemIndex: options.itemIndex,
			},
		);
	}
	const requestOptions: IHttpRequestOptions = {
		method,
		url,
		qs: options.qs,
		body: options.body,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		headers:
			options.body === undefined
				? { Accept: 'application/json' }
				: { Accept: 'application/json', 'Content-Type': 'application/json' },
	};

	const send = async (): Promise<SendResult> => {
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				'userlikeApi',
				requestOptions,
			)) as IDataObject;
			return { response: toRawResponse(response) };
		} catch (error) {
			const code = connectionCode(error);
			if (code) return { connectionFailure: { code } };
			throw asNodeError(this.getNode(), error, options.itemIndex);
		}
	};

	const idempotent = isIdempotent(method, options.idempotent);
	const outcome = await sendWithRetry(send, idempotent);
	const response = outcome.response;
	if (!response) {
		const code = outcome.connectionFailure?.code ?? 'no answer';
		throw new NodeApiError(
			this.getNode(),
			{ connectionError: code },
			{
				// The network code stays out of the message: n8n would swap such a message for its generic text.
				message: `Could not reach Userlike at ${new URL(url).host}`,
				description: idempotent
					? `Network error ${code} on each of ${outcome.attempts} attempts. Check the Base URL in the credential and the network.`
					: `Network error ${code} during a ${method}: it was not repeated, because Userlike may have applied it. Check in Userlike before running it again.`,
				itemIndex: options.itemIndex,
			},
		);
	}

	const { statusCode, body } = response;
	if (statusCode >= 200 && statusCode < 300) {
		if (body === undefined || body === null || body === '') return {};
		return (typeof body === 'object' ? body : { data: body }) as IDataObject;
	}
	throw apiError(this.getNode(), outcome, response, method, new URL(url).pathname, options);
}

export interface PageRequest {
	endpoint: string;
	qs?: IDataObject;
	returnAll: boolean;
	/** Items wanted when not returnAll. */
	limit: number;
	itemIndex?: number;
	subject?: string;
}

/**
 * Lists with the fewest calls the API allows: pages of 100 (or `limit` when fewer are wanted),
 * following the `next` links Userlike returns (they carry the filters and, for messages, the cursor)
 * until the list ends or enough items arrived.
 */
export async function userlikeApiRequestAllItems(
	this: UserlikeFunctions,
	request: PageRequest,
): Promise<IDataObject[]> {
	const wanted = request.returnAll ? Infinity : Math.max(0, request.limit);
	const items: IDataObject[] = [];
	if (wanted === 0) return items;
	const pageSize = Math.min(MAX_PAGE_SIZE, wanted);
	let next: string | undefined;
	do {
		const page = await userlikeApiRequest.call(this, 'GET', request.endpoint, {
			qs: next ? undefined : { ...request.qs, limit: pageSize },
			url: next,
			itemIndex: request.itemIndex,
			subject: request.subject,
		});
		const results = Array.isArray(page.results) ? (page.results as IDataObject[]) : [];
		for (const result of results) {
			items.push(result);
			if (items.length >= wanted) return items;
		}
		next = typeof page.next === 'string' && page.next && results.length ? page.next : undefined;
	} while (next);
	return items;
}
