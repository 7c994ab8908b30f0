/** LimitOffset pagination of the list endpoints and cursor pagination of the messages endpoint. */
import { ApiError } from './errors';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MESSAGES_PAGE_SIZE } from './params';

export interface OffsetPage<T> {
	count: number;
	next: string | null;
	previous: string | null;
	results: T[];
}

/** A copy of the request URL with some query parameters replaced (null removes one); every other parameter stays. */
export function linkWith(url: URL, changes: Record<string, string | null>): string {
	const u = new URL(url.href);
	for (const [k, v] of Object.entries(changes)) {
		if (v === null) u.searchParams.delete(k);
		else u.searchParams.set(k, v);
	}
	return u.href;
}

/** not in the docs: DRF's LimitOffsetPagination reading; an invalid or non-positive limit falls back to the default. */
function positiveInt(
	value: string | undefined,
	fallback: number,
	cutoff?: number,
	allowZero = false,
): number {
	if (value === undefined || !/^\s*\d+\s*$/.test(value)) return fallback;
	const n = Number(value);
	if (n === 0 && !allowZero) return fallback;
	return cutoff !== undefined ? Math.min(n, cutoff) : n;
}

export function readLimit(
	query: Record<string, string>,
	fallback = DEFAULT_PAGE_SIZE,
	max = MAX_PAGE_SIZE,
): number {
	return positiveInt(query.limit, fallback, max);
}

/**
 * docs: "the pagination is applied to the filtered result set, and the previous and next links provided in a
 *        filtered response will already have these filter set"
 * not in the docs: the envelope `{count, next, previous, results}` and absolute links built from the Host header (DRF).
 */
export function paginateOffset<T, R>(
	items: T[],
	query: Record<string, string>,
	url: URL,
	render: (item: T) => R,
): OffsetPage<R> {
	const limit = readLimit(query);
	const offset = positiveInt(query.offset, 0, undefined, true);
	const count = items.length;
	const next =
		offset + limit < count
			? linkWith(url, { limit: String(limit), offset: String(offset + limit) })
			: null;
	let previous: string | null = null;
	if (offset > 0) {
		// like DRF: the first page's link carries no offset
		previous =
			offset - limit <= 0
				? linkWith(url, { limit: String(limit), offset: null })
				: linkWith(url, { limit: String(limit), offset: String(offset - limit) });
	}
	return { count, next, previous, results: items.slice(offset, offset + limit).map(render) };
}

export interface CursorPage<R> {
	next: string | null;
	previous: string | null;
	results: R[];
}

interface Cursor {
	position: number;
	reverse: boolean;
}

/** not in the docs: the cursor format; like DRF it is the base64 of `r=<0|1>&p=<message id>`. */
export function encodeCursor(c: Cursor): string {
	return Buffer.from(`r=${c.reverse ? 1 : 0}&p=${c.position}`).toString('base64');
}

function decodeCursor(raw: string): Cursor {
	const text = Buffer.from(raw, 'base64').toString('utf8');
	const m = /^r=([01])&p=(-?\d+)$/.exec(text);
	// not in the docs: DRF's CursorPagination answers an unreadable cursor with 404 "Invalid cursor"
	if (!m) throw new ApiError(404, { detail: 'Invalid cursor' });
	return { reverse: m[1] === '1', position: Number(m[2]) };
}

/**
 * docs: "You can provide us with a message reference in the cursor query parameter and we will return messages that
 *        either come before or after the cursor, depending on which ordering query parameter you send."
 * docs: "The next and previous link in the response will always have the same page size as the request."
 * `items` must already be in the requested order (by id ascending or descending).
 */
export function paginateCursor<T extends { id: number }, R>(
	items: T[],
	descending: boolean,
	query: Record<string, string>,
	url: URL,
	render: (item: T) => R,
): CursorPage<R> {
	const limit = readLimit(query, MESSAGES_PAGE_SIZE, MESSAGES_PAGE_SIZE);
	const raw = query.cursor;
	const cursor = raw ? decodeCursor(raw) : undefined;
	// "after" = later in the requested order
	const isAfter = (id: number, position: number): boolean =>
		descending ? id < position : id > position;
	const isBefore = (id: number, position: number): boolean =>
		descending ? id > position : id < position;
	let page: T[];
	if (!cursor) page = items.slice(0, limit);
	else if (!cursor.reverse)
		page = items.filter((m) => isAfter(m.id, cursor.position)).slice(0, limit);
	else {
		const before = items.filter((m) => isBefore(m.id, cursor.position));
		page = before.slice(Math.max(0, before.length - limit));
	}
	const keep = { limit: String(limit) };
	let next: string | null = null;
	let previous: string | null = null;
	if (page.length) {
		const last = page[page.length - 1].id;
		const first = page[0].id;
		if (items.some((m) => isAfter(m.id, last)))
			next = linkWith(url, { ...keep, cursor: encodeCursor({ position: last, reverse: false }) });
		if (items.some((m) => isBefore(m.id, first)))
			previous = linkWith(url, {
				...keep,
				cursor: encodeCursor({ position: first, reverse: true }),
			});
	} else if (cursor) {
		// an empty page past either end: offer the way back
		if (
			!cursor.reverse &&
			items.some((m) => isBefore(m.id, cursor.position + (descending ? -1 : 1)))
		) {
			previous = linkWith(url, {
				...keep,
				cursor: encodeCursor({ position: cursor.position + (descending ? -1 : 1), reverse: true }),
			});
		}
		if (
			cursor.reverse &&
			items.some((m) => isAfter(m.id, cursor.position + (descending ? 1 : -1)))
		) {
			next = linkWith(url, {
				...keep,
				cursor: encodeCursor({ position: cursor.position + (descending ? 1 : -1), reverse: false }),
			});
		}
	}
	return { next, previous, results: page.map(render) };
}
