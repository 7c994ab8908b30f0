/**
 * Settings and input checks every node's transport shares: the Timeout option (its label and bounds
 * in one place), the depth of JSON a node sends and the length of its URL.
 */
import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { jsonDepth } from './text';

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

/** The Timeout (Seconds) option, in whichever options collection a node keeps it. */
export function timeoutOption(
	description: string,
	extra: Partial<INodeProperties> = {},
): INodeProperties {
	return {
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 600 },
		default: DEFAULT_TIMEOUT_SECONDS,
		description,
		...extra,
	};
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

/**
 * The longest request target (path and query, in bytes) sent: servers and proxies refuse longer
 * request lines, often by closing the connection, which looks like a network failure. nginx keeps a
 * request line in one `large_client_header_buffers` buffer, 8k by default, else 414
 * (https://nginx.org/en/docs/http/ngx_http_core_module.html#large_client_header_buffers); Apache's
 * `LimitRequestLine` is 8190 (https://httpd.apache.org/docs/2.4/mod/core.html#limitrequestline);
 * Node.js allows 16 KiB for the request line and headers together (`--max-http-header-size`,
 * https://nodejs.org/api/cli.html#--max-http-header-sizesize). 8,000 leaves room for the method
 * and `HTTP/1.1` within 8 KB.
 */
export const MAX_URL_BYTES = 8000;

/** What a query parameter is called in the node's UI, and how to do without a value that long. */
export interface QueryField {
	label: string;
	wayOut: string;
}

/** The request target (`/path?query`) as sent, with the query encoded as n8n's helper does (RFC 3986). */
function requestTarget(url: string, qs: IDataObject | undefined): string {
	const parsed = new URL(url);
	const extra = Object.entries(qs ?? {})
		.filter(([, value]) => value !== undefined && value !== null)
		.map(
			([key, value]) =>
				`${encodeURIComponent(key)}=${encodeURIComponent(typeof value === 'object' ? JSON.stringify(value) : String(value))}`,
		);
	const query = [parsed.search.replace(/^\?/, ''), ...extra].filter(Boolean).join('&');
	return `${parsed.pathname}${query ? `?${query}` : ''}`;
}

/**
 * Refuses, before anything is sent, a request whose URL is longer than MAX_URL_BYTES: a
 * NodeOperationError naming the longest query parameter (by its label in the UI when the caller gave
 * one) and the way out.
 */
export function checkUrlLength(
	node: INode,
	url: string,
	qs: IDataObject | undefined,
	itemIndex: number | undefined,
	queryFields: Record<string, QueryField> | undefined,
): void {
	const target = requestTarget(url, qs);
	// ASCII: the path and the encoded query are percent-encoded.
	const bytes = target.length;
	if (bytes <= MAX_URL_BYTES) return;
	let longest: [string, number] | undefined;
	for (const [key, value] of Object.entries(qs ?? {})) {
		const size = encodeURIComponent(String(value ?? '')).length;
		if (!longest || size > longest[1]) longest = [key, size];
	}
	const field = longest ? queryFields?.[longest[0]] : undefined;
	const name = field?.label ?? (longest ? `The query parameter ${longest[0]}` : 'The URL');
	throw new NodeOperationError(
		node,
		`${name} is too long to send: the request URL would be ${bytes.toLocaleString('en-US')} bytes, over the ${MAX_URL_BYTES.toLocaleString('en-US')} that servers accept`,
		{
			itemIndex,
			description: `Servers and proxies refuse a longer request line (often by closing the connection). Nothing was sent. ${
				field?.wayOut ?? `Shorten ${name}.`
			}`,
		},
	);
}
