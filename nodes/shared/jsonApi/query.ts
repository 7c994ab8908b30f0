/**
 * Filters and options to query parameters, IDs, and Simplify: what the Userlike node's operations and
 * the Userlike Conversation Trigger's polls share.
 */
import { DateTime } from 'luxon';
import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** What building a query needs of n8n's context (an action node's or a poller's). */
export interface NodeContext {
	getNode(): INode;
	/** The workflow's time zone (its settings, else n8n's). */
	getTimezone(): string;
}

/**
 * Why `value` is not a Userlike ID, or undefined when it is one: a positive whole number that
 * JavaScript holds exactly. Larger numbers would be rounded to a neighbouring ID (2^53 + 1 becomes
 * 2^53), which must never reach a DELETE, so they are refused.
 */
function idProblem(value: unknown): 'format' | 'size' | undefined {
	if (typeof value === 'number') {
		if (!Number.isInteger(value) || value <= 0) return 'format';
		return Number.isSafeInteger(value) ? undefined : 'size';
	}
	const text = String(value ?? '').trim();
	if (!/^\d+$/.test(text) || Number(text) <= 0) return 'format';
	return Number.isSafeInteger(Number(text)) ? undefined : 'size';
}

/** Where an ID comes from, for the messages: one ID parameter (e.g. "contact") or a list field. */
export type IdSource = { label: string } | { list: string };

/** The one ID check: `value` as a Userlike ID, or a NodeOperationError saying what to enter. */
export function checkId(node: INode, value: unknown, itemIndex: number, source: IdSource): number {
	const text = String(value ?? '').trim();
	const problem = idProblem(typeof value === 'number' ? value : text);
	if (!problem) return Number(text);
	const single = 'label' in source;
	if (problem === 'size') {
		throw new NodeOperationError(
			node,
			`${single ? `The ${source.label} ID ${text}` : `"${text}" in ${source.list}`} is larger than the largest ID n8n can handle exactly`,
			{
				itemIndex,
				description: `IDs above ${Number.MAX_SAFE_INTEGER} would be rounded to another ID. Check where the ${single ? 'ID comes' : 'IDs come'} from. Nothing was sent.`,
			},
		);
	}
	if (single) {
		throw new NodeOperationError(
			node,
			text === ''
				? `The ${source.label} ID is empty`
				: `The ${source.label} ID must be a positive whole number, not "${text}"`,
			{
				itemIndex,
				description: `Pick the ${source.label} from the list or enter its numeric ID, e.g. 42.`,
			},
		);
	}
	throw new NodeOperationError(node, `"${text}" in ${source.list} is not an ID`, {
		itemIndex,
		description: `${source.list} takes numeric IDs separated by commas, e.g. 12, 13, 14 (or an array from an expression).`,
	});
}

/**
 * Comma, space or newline separated IDs, or an array of them (from an expression), deduplicated in
 * their first order. Linear in the number of IDs.
 */
export function parseIdList(
	this: NodeContext,
	value: unknown,
	itemIndex: number,
	field: string,
): number[] {
	const parts: unknown[] = Array.isArray(value)
		? value
		: typeof value === 'number'
			? [value]
			: String(value ?? '')
					.split(/[\s,;]+/)
					.filter((part) => part !== '');
	const ids = new Set<number>();
	for (const part of parts) ids.add(checkId(this.getNode(), part, itemIndex, { list: field }));
	return [...ids];
}

/** Userlike's date filters: `*_from_date` / `*_to_date` (conversations), `from_date_time` / `to_date_time` (contacts). */
const DATE_FILTER = /(^|_)(from|to)_date(_time)?$/;

/**
 * A date filter as an ISO timestamp with an explicit offset. A value without a zone (what n8n's date
 * picker gives) is read in the workflow's time zone, so that "after 09:00" means 09:00 where the
 * user is, whatever Userlike assumes for zoneless values; a value with an offset keeps its instant.
 */
export function zonedTimestamp(
	this: NodeContext,
	value: unknown,
	itemIndex: number,
	field: string,
): string {
	const zone = this.getTimezone();
	const parsed =
		value instanceof Date
			? DateTime.fromJSDate(value, { zone })
			: DateTime.isDateTime(value)
				? value.setZone(zone)
				: DateTime.fromISO(String(value).trim(), { zone });
	if (!parsed.isValid) {
		throw new NodeOperationError(this.getNode(), `"${String(value)}" in ${field} is not a date`, {
			itemIndex,
			description: `Pick a date and time, or give an ISO timestamp such as 2024-06-01T09:00:00 (read in the workflow's time zone, ${zone}) or 2024-06-01T09:00:00+02:00. Nothing was sent.`,
		});
	}
	return parsed.toISO({ suppressMilliseconds: true }) as string;
}

/**
 * Query parameters from a filters collection: empty values dropped, booleans as "true"/"false",
 * date filters as ISO timestamps with the workflow time zone's offset, and `exclude_ids` normalised.
 */
export function buildQuery(
	this: NodeContext,
	itemIndex: number,
	filters: IDataObject,
	options: IDataObject = {},
): IDataObject {
	const qs: IDataObject = {};
	for (const [key, value] of Object.entries(filters)) {
		// Empty text and 0 in a number field mean "not set": Userlike IDs start at 1.
		if (value === '' || value === undefined || value === null || value === 0) continue;
		if (key === 'search_query') {
			const query = String(value).trim();
			if (query) qs.search_query = query;
			continue;
		}
		if (DATE_FILTER.test(key)) {
			qs[key] = zonedTimestamp.call(this, value, itemIndex, key);
			continue;
		}
		qs[key] = typeof value === 'boolean' ? String(value) : value;
	}
	if (options.ordering) qs.ordering = options.ordering;
	if (options.excludeIds !== undefined && options.excludeIds !== '') {
		const ids = parseIdList.call(this, options.excludeIds, itemIndex, 'Exclude IDs');
		if (ids.length) qs.exclude_ids = ids.join(',');
	}
	return qs;
}

/**
 * What Simplify keeps of a contact nested in another record (a conversation's `contact`): who it is and
 * how to reach them, what a person reads first on Userlike's contact card. The full contact (about 40
 * keys, `custom_field_data`, `imports`, ...) is one switch away (Simplify off), or one call away
 * (Contact > Get with the kept `id`).
 */
export const shortContactKeys = [
	'id',
	'uuid',
	'name',
	'email',
	'phone_number',
	'mobile_number',
	'company',
	'city',
	'country',
	'locale',
] as const;

/** Nested records Simplify shortens wherever they appear in a kept key. */
const SHORT_NESTED: Record<string, readonly string[]> = { contact: shortContactKeys };

function pick(item: IDataObject, keys: readonly string[]): IDataObject {
	const picked: IDataObject = {};
	for (const key of keys) if (key in item) picked[key] = item[key];
	return Object.keys(picked).length ? picked : item;
}

/**
 * Keeps the listed keys where present; falls back to the whole item if none of them is there. A kept
 * nested contact is shortened to `shortContactKeys`.
 */
export function simplify(item: IDataObject, keys: readonly string[]): IDataObject {
	const picked = pick(item, keys);
	if (picked === item) return item;
	for (const [key, nestedKeys] of Object.entries(SHORT_NESTED)) {
		const nested = picked[key];
		if (nested && typeof nested === 'object' && !Array.isArray(nested)) {
			picked[key] = pick(nested as IDataObject, nestedKeys);
		}
	}
	return picked;
}
