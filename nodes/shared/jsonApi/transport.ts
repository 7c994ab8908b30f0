/**
 * The JSON API's transport: the credential read once per run (`openSession`), and the one request
 * function every operation, list search and poll uses (`userlikeApiRequest`), on top of the package's
 * send core (../http). Lists are in ./pagination.ts.
 */
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

import type { HttpAnswer, QueryField } from '../http';
import {
	credentialSecrets,
	DEFAULT_TIMEOUT_SECONDS,
	detailOf,
	exactApiError,
	mayHaveBeenApplied,
	readTimeout,
	RETRY_POLICY,
	sendRequest,
} from '../http';
import { USERLIKE_API_CREDENTIAL } from './constants';

export type UserlikeFunctions = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

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
	return locationOf(await this.getCredentials(USERLIKE_API_CREDENTIAL));
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
	const credentials = await this.getCredentials(USERLIKE_API_CREDENTIAL);
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

/**
 * The query parameters a user can make long, by their field in the UI and the way out when the URL
 * would be too long (MAX_URL_BYTES). Userlike's search ORs its keywords and ranks the matches
 * ("Search", https://www.userlike.com/en/public/tutorial/um/api/intro); `exclude_ids` only drops
 * records, which the workflow can do itself after the list.
 */
function queryFields(method: IHttpRequestMethods): Record<string, QueryField> {
	if (method !== 'DELETE') return QUERY_FIELDS;
	return {
		...QUERY_FIELDS,
		exclude_ids: {
			label: 'Exclude IDs',
			wayOut:
				'List the records with Get Many (Return All) and the same filters, drop the IDs to keep (e.g. a Filter node), and delete the rest by their IDs (Delete Many by IDs, 100 per call).',
		},
	};
}

const QUERY_FIELDS: Record<string, QueryField> = {
	search_query: {
		label: 'Search Query',
		wayOut:
			'Userlike ORs the keywords and ranks what matches them, so a few distinctive keywords find the same records: shorten Search Query (e.g. to the words that matter), or filter the list after this node.',
	},
	exclude_ids: {
		label: 'Exclude IDs',
		wayOut:
			'Leave Exclude IDs empty and drop those IDs after this node instead (e.g. a Filter node: the ID is not in your list). With Return All on, the result is the same. With a Limit, dropping them afterwards can leave fewer items than the Limit: turn on Return All, drop them, then keep the first items with a Limit node (or narrow the list with filters, e.g. a date range, and run it in parts).',
	},
};

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
		credentialType: USERLIKE_API_CREDENTIAL,
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
		queryFields: queryFields(method),
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
