import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { createHash } from 'node:crypto';

import type { HttpAnswer } from '../http';
import {
	credentialSecrets,
	DEFAULT_TIMEOUT_SECONDS,
	detailOf,
	exactApiError,
	mayHaveBeenApplied,
	readTimeout,
	sendRequest,
} from '../http';
import { RETRY_POLICY } from '../retry';

export { asNodeError } from '../http';

export type UserlikeFunctions = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/** The most items Userlike returns on one page, and the most a list DELETE removes in one call. */
export const MAX_PAGE_SIZE = 100;

const CREDENTIAL = 'userlikeApi';

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
	/** The credential and settings read once for a series of requests (a list). */
	session?: ApiSession;
}

interface ApiLocation {
	/** e.g. https://api.userlike.com/api/um/v3 */
	base: string;
	origin: string;
	apiVersion: 'v2' | 'v3';
}

/** What a series of requests shares: the credential (read once), where the API is, the timeout. */
export interface ApiSession extends ApiLocation {
	credentials: ICredentialDataDecryptedObject;
	secrets: string[];
	timeoutSeconds: number;
	/** Who Userlike throttles: the organization behind the token, on this origin (no secret in it). */
	throttleKey: string;
}

function locationOf(credentials: ICredentialDataDecryptedObject): ApiLocation {
	const root = String(credentials.baseUrl || 'https://api.userlike.com').replace(/\/+$/, '');
	const apiVersion = credentials.apiVersion === 'v2' ? 'v2' : 'v3';
	return {
		base: `${root}/api/um/${apiVersion}`,
		origin: new URL(root).origin,
		apiVersion,
	};
}

export async function getApiLocation(this: UserlikeFunctions): Promise<ApiLocation> {
	return locationOf(await this.getCredentials(CREDENTIAL));
}

/** The node's Timeout option (Request Options), in seconds; the default where the node has none. */
function timeoutSetting(context: UserlikeFunctions, itemIndex = 0): number {
	let value: unknown;
	try {
		value =
			'getInputData' in context
				? (context as IExecuteFunctions).getNodeParameter(
						'requestOptions.timeout',
						itemIndex,
						DEFAULT_TIMEOUT_SECONDS,
					)
				: (context as ILoadOptionsFunctions).getNodeParameter(
						'requestOptions.timeout',
						DEFAULT_TIMEOUT_SECONDS,
					);
	} catch {
		value = DEFAULT_TIMEOUT_SECONDS;
	}
	return readTimeout(context.getNode(), value, 'Request Options', itemIndex);
}

/** Reads the credential once for a series of requests. */
export async function openSession(
	this: UserlikeFunctions,
	itemIndex?: number,
): Promise<ApiSession> {
	const credentials = await this.getCredentials(CREDENTIAL);
	return {
		...locationOf(credentials),
		credentials,
		secrets: credentialSecrets(credentials, ['apiToken']),
		timeoutSeconds: timeoutSetting(this, itemIndex),
		throttleKey: [
			locationOf(credentials).origin,
			createHash('sha256')
				.update(String(credentials.apiToken ?? ''))
				.digest('hex')
				.slice(0, 16),
			String(credentials.organizationId ?? '').trim(),
		].join(' '),
	};
}

function apiError(
	node: INode,
	answer: HttpAnswer,
	method: IHttpRequestMethods,
	path: string,
	options: UserlikeRequestOptions,
	session: ApiSession,
	idempotent: boolean,
): NodeApiError {
	const { statusCode, body, outcome } = answer;
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
			if (statusCode >= 500 && !idempotent) {
				description = mayHaveBeenApplied(method, 'Userlike');
			} else if (statusCode >= 500) {
				description = `Userlike had a server error${outcome.attempts > 1 ? ` on each of ${outcome.attempts} attempts` : ''}. Try again later.`;
			} else {
				description = 'The request failed.';
			}
	}
	return exactApiError(
		node,
		{ message, description, httpCode: String(statusCode), itemIndex: options.itemIndex, body },
		session.secrets,
	);
}

function isIdempotent(method: IHttpRequestMethods, hint?: boolean): boolean {
	if (hint !== undefined) return hint;
	return method === 'GET' || method === 'HEAD';
}

/**
 * The one request function of the JSON API: every call goes through it, and through the package's
 * send core (../../shared/http.ts): credentials applied by n8n, a timeout, redirects kept on Userlike's
 * origin, rate limits and transient failures retried, a 2xx body that is not JSON refused. Failures
 * become NodeApiErrors that never carry the token.
 */
export async function userlikeApiRequest(
	this: UserlikeFunctions,
	method: IHttpRequestMethods,
	endpoint: string,
	options: UserlikeRequestOptions = {},
): Promise<IDataObject> {
	const session = options.session ?? (await openSession.call(this, options.itemIndex));
	const url = options.url ?? `${session.base}/${endpoint.replace(/^\/+/, '')}`;
	if (options.url && new URL(options.url).origin !== session.origin) {
		// A pagination link elsewhere would receive the API token: refuse it.
		throw new NodeApiError(
			this.getNode(),
			{ next: options.url },
			{
				message: `Userlike returned a page link on another host (${new URL(options.url).host})`,
				description: `Only links on ${session.origin} are followed, so that the API token is not sent elsewhere. Check the Base URL in the credential.`,
				itemIndex: options.itemIndex,
			},
		);
	}
	const idempotent = isIdempotent(method, options.idempotent);
	const answer = await sendRequest.call(this, {
		credentialType: CREDENTIAL,
		credentials: session.credentials,
		secrets: session.secrets,
		method,
		url,
		qs: options.qs,
		body: options.body,
		idempotent,
		timeoutSeconds: session.timeoutSeconds,
		learnKey: session.throttleKey,
		accept: 'json',
		service: 'Userlike',
		itemIndex: options.itemIndex,
	});
	const { statusCode, body } = answer;
	if (statusCode >= 200 && statusCode < 300) {
		if (body === undefined || body === null || body === '') return {};
		if (typeof body !== 'object' || Array.isArray(body)) {
			throw exactApiError(
				this.getNode(),
				{
					message: `Userlike answered ${statusCode} with ${Array.isArray(body) ? 'a list' : 'a bare value'} where an object was expected`,
					description: `The answer to ${method} ${new URL(url).pathname} is not what Userlike documents, so nothing of it was used.`,
					httpCode: String(statusCode),
					itemIndex: options.itemIndex,
				},
				session.secrets,
			);
		}
		return body as IDataObject;
	}
	throw apiError(
		this.getNode(),
		answer,
		method,
		new URL(url).pathname,
		options,
		session,
		idempotent,
	);
}

export interface PageRequest {
	endpoint: string;
	qs?: IDataObject;
	returnAll: boolean;
	/** Items wanted when not returnAll. */
	limit: number;
	itemIndex?: number;
	subject?: string;
	/**
	 * Read by keyset on `id` (`id__lt` descending / `id__gt` ascending, with `ordering`) instead of
	 * following offset links, so that records added or deleted during the run neither repeat nor get
	 * skipped. Only for lists that support it (conversations) and in id order.
	 */
	keyset?: { descending: boolean };
	/** Ends the list after a page for which this is true (e.g. messages older than a point in time). */
	stopAfterPage?: (page: IDataObject[]) => boolean;
}

function listError(
	node: INode,
	request: PageRequest,
	session: ApiSession,
	message: string,
	description: string,
): NodeApiError {
	return exactApiError(
		node,
		{ message, description, itemIndex: request.itemIndex, body: { endpoint: request.endpoint } },
		session.secrets,
	);
}

/**
 * Lists with the fewest calls the API allows: pages of 100 (or `limit` when fewer are wanted),
 * following the `next` links Userlike returns (they carry the filters and, for messages, the cursor)
 * until the list ends or enough items arrived; or by keyset (see PageRequest.keyset).
 *
 * A list is complete or the run fails: a page that is not JSON fails (in the send core), a `next`
 * link already followed fails, a page holding only records already read fails, and a record that
 * reappears on a later page (the list moved under an offset) is kept once.
 */
export async function userlikeApiRequestAllItems(
	this: UserlikeFunctions,
	request: PageRequest,
): Promise<IDataObject[]> {
	const wanted = request.returnAll ? Infinity : Math.max(0, request.limit);
	const items: IDataObject[] = [];
	if (wanted === 0) return items;
	const session = await openSession.call(this, request.itemIndex);
	const pageSize = Math.min(MAX_PAGE_SIZE, wanted);
	const node = this.getNode();
	const seenIds = new Set<unknown>();
	const followed = new Set<string>();
	const keyset = request.keyset;
	let next: string | undefined;
	let lastId: number | undefined;
	for (let page = 1; ; page++) {
		let qs: IDataObject | undefined;
		if (keyset) {
			qs = { ...request.qs, limit: pageSize, ordering: keyset.descending ? '-id' : 'id' };
			if (lastId !== undefined) {
				const key = keyset.descending ? 'id__lt' : 'id__gt';
				const own = Number(request.qs?.[key]);
				// The user's own bound stays when it is tighter.
				qs[key] = Number.isFinite(own)
					? keyset.descending
						? Math.min(own, lastId)
						: Math.max(own, lastId)
					: lastId;
			}
		} else if (!next) {
			qs = { ...request.qs, limit: pageSize };
		}
		const body = await userlikeApiRequest.call(this, 'GET', request.endpoint, {
			qs,
			url: keyset ? undefined : next,
			itemIndex: request.itemIndex,
			subject: request.subject,
			session,
		});
		if (!Array.isArray(body.results)) {
			throw listError(
				node,
				request,
				session,
				`Userlike answered page ${page} of ${request.endpoint} without a list of results`,
				'The answer is not what Userlike documents for a list, so the list would be incomplete. Run the node again.',
			);
		}
		const results = body.results as IDataObject[];
		let fresh = 0;
		for (const result of results) {
			const id = result?.id;
			if (id !== undefined && id !== null) {
				if (seenIds.has(id)) continue;
				seenIds.add(id);
			}
			fresh++;
			items.push(result);
			if (items.length >= wanted) return items;
		}
		if (results.length && !fresh) {
			throw listError(
				node,
				request,
				session,
				`Userlike returned page ${page} of ${request.endpoint} again: every record on it was already read`,
				`A page repeated instead of the list going on, so the list cannot be read completely (${items.length} records read). Run the node again; if it repeats, the list is changing faster than it can be read.`,
			);
		}
		if (request.stopAfterPage?.(results)) return items;
		const link = typeof body.next === 'string' && body.next ? body.next : undefined;
		if (!link || !results.length) return items;
		if (keyset) {
			const ids = results.map((result) => Number(result?.id));
			if (ids.some((id) => !Number.isSafeInteger(id))) {
				throw listError(
					node,
					request,
					session,
					`Userlike returned records without a numeric ID on page ${page} of ${request.endpoint}`,
					'The list is read in ID order and cannot go on without IDs.',
				);
			}
			const edge = keyset.descending ? Math.min(...ids) : Math.max(...ids);
			if (lastId !== undefined && (keyset.descending ? edge >= lastId : edge <= lastId)) {
				throw listError(
					node,
					request,
					session,
					`Userlike's page ${page} of ${request.endpoint} did not move on in ID order`,
					`The list is read by ID (${keyset.descending ? 'id__lt' : 'id__gt'}), and this page did not go past ID ${lastId}. Run the node again.`,
				);
			}
			lastId = edge;
			continue;
		}
		if (followed.has(link)) {
			throw listError(
				node,
				request,
				session,
				`Userlike sent a page link that was already followed (page ${page} of ${request.endpoint})`,
				`The list's "next" link pointed back to a page already read, so the list would repeat or never end (${items.length} records read). Run the node again later.`,
			);
		}
		followed.add(link);
		next = link;
	}
}
