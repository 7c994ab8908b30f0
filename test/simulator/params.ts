/** Parsing and validation of query parameters (django-filter / DRF style errors). */
import { ApiError, fieldError } from './errors';

// docs: "by default containing the last 10 conversations that were created"
export const DEFAULT_PAGE_SIZE = 10;
// not in the docs for plain lists: the docs only say "100 being the maximum allowed limit" for bulk deletes;
// we clamp every list's `limit` to the same maximum.
export const MAX_PAGE_SIZE = 100;
// docs: "cursor based pagination with a maximum page size of 100 messages" / "by default containing the last 100 messages"
export const MESSAGES_PAGE_SIZE = 100;
// docs: "10 by default and 100 at most"
export const DEFAULT_DELETE_LIMIT = 10;
export const MAX_DELETE_LIMIT = 100;

/** The value of a parameter, or undefined when absent or empty (django-filter ignores empty values). */
export function param(query: Record<string, string>, name: string): string | undefined {
	const v = query[name];
	return v === undefined || v === '' ? undefined : v;
}

/** not in the docs: a non-numeric number filter answers 400 `{"<field>": ["Enter a number."]}` (django-filter). */
export function intParam(query: Record<string, string>, name: string): number | undefined {
	const v = param(query, name);
	if (v === undefined) return undefined;
	if (!/^\s*-?\d+\s*$/.test(v)) throw fieldError(name, 'Enter a number.');
	return Number(v);
}

const DATE_RE =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * An ISO 8601 date-time (the docs' samples look like "2018-09-22T14:01:54.9571247Z") as ms since epoch.
 * not in the docs: a value without an offset is read as UTC; a date alone means its midnight UTC.
 */
export function parseDateTime(value: string): number | undefined {
	const m = DATE_RE.exec(value.trim());
	if (!m) return undefined;
	const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', tz] = m;
	const month = Number(mo);
	const day = Number(d);
	if (
		month < 1 ||
		month > 12 ||
		day < 1 ||
		day > 31 ||
		Number(h) > 23 ||
		Number(mi) > 59 ||
		Number(s) > 59
	)
		return undefined;
	let ms = Date.UTC(
		Number(y),
		month - 1,
		day,
		Number(h),
		Number(mi),
		Number(s),
		frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0,
	);
	if (new Date(Date.UTC(Number(y), month - 1, day)).getUTCDate() !== day) return undefined;
	if (tz && tz.toUpperCase() !== 'Z') {
		const sign = tz[0] === '-' ? -1 : 1;
		const digits = tz.slice(1).replace(':', '');
		const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
		ms -= sign * offset * 60_000;
	}
	return ms;
}

/** not in the docs: an invalid date answers 400 `{"<field>": ["Enter a valid date/time."]}` (Django's message). */
export function dateParam(query: Record<string, string>, name: string): number | undefined {
	const v = param(query, name);
	if (v === undefined) return undefined;
	const ms = parseDateTime(v);
	if (ms === undefined) throw fieldError(name, 'Enter a valid date/time.');
	return ms;
}

const TRUE_VALUES = new Set(['true', '1', 'yes', 'on', 't', 'y']);
const FALSE_VALUES = new Set(['false', '0', 'no', 'off', 'f', 'n']);

/** A boolean query parameter ("true"/"false"/"True"/"1"/"0", ...). */
export function boolParam(query: Record<string, string>, name: string): boolean | undefined {
	const v = param(query, name);
	if (v === undefined) return undefined;
	const l = v.toLowerCase();
	if (TRUE_VALUES.has(l)) return true;
	if (FALSE_VALUES.has(l)) return false;
	throw fieldError(name, `Select a valid choice. ${v} is not one of the available choices.`);
}

/** A boolean in a JSON body (DRF BooleanField), or undefined when it is not one. */
export function toBoolean(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (value === 1 || value === 0) return value === 1;
	if (typeof value === 'string') {
		const l = value.toLowerCase();
		if (TRUE_VALUES.has(l)) return true;
		if (FALSE_VALUES.has(l)) return false;
	}
	return undefined;
}

export function choiceParam<T extends string>(
	query: Record<string, string>,
	name: string,
	choices: readonly T[],
): T | undefined {
	const v = param(query, name);
	if (v === undefined) return undefined;
	if (!(choices as readonly string[]).includes(v))
		throw fieldError(name, `Select a valid choice. ${v} is not one of the available choices.`);
	return v as T;
}

/**
 * A comma-separated id list (`exclude_ids`, `delete_ids`).
 * docs: "Just provide a comma-separated string with all IDs you wish to exclude"
 * not in the docs: spaces around ids and empty entries are ignored; anything else non-numeric answers 400.
 */
export function idListParam(query: Record<string, string>, name: string): number[] | undefined {
	const v = param(query, name);
	if (v === undefined) return undefined;
	const ids: number[] = [];
	for (const part of v.split(',')) {
		const p = part.trim();
		if (!p) continue;
		if (!/^\d+$/.test(p))
			throw fieldError(
				name,
				`"${p}" is not a valid id. Enter a comma-separated list of whole numbers.`,
			);
		ids.push(Number(p));
	}
	return ids;
}

export interface OrderingTerm {
	field: string;
	desc: boolean;
}

/**
 * `ordering=<field>` / `ordering=-<field>`; a comma-separated list is allowed like DRF's OrderingFilter.
 * docs: "Prefixing the ordering field with a "-" (minus) sign will reverse the order"
 * not in the docs: an ordering the docs do not list for the endpoint answers 400 (DRF would silently ignore it).
 */
export function orderingParam(
	query: Record<string, string>,
	allowed: readonly string[],
): OrderingTerm[] | undefined {
	const v = param(query, 'ordering');
	if (v === undefined) return undefined;
	const terms: OrderingTerm[] = [];
	for (const part of v.split(',')) {
		const p = part.trim();
		const field = p.startsWith('-') ? p.slice(1) : p;
		if (!allowed.includes(field)) {
			throw new ApiError(400, {
				detail: `Invalid ordering "${p}". Valid values are: ${allowed.flatMap((f) => [f, `-${f}`]).join(', ')}.`,
			});
		}
		terms.push({ field, desc: p.startsWith('-') });
	}
	return terms;
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

type SortValue = string | number | boolean | null | undefined;

/**
 * Sorts by the ordering terms, then by id descending.
 * not in the docs: nulls sort last ascending and first descending (PostgreSQL); text uses a case-insensitive collation;
 * ties are broken by id descending so pages are stable.
 */
export function sortItems<T extends { id: number }>(
	items: T[],
	terms: OrderingTerm[],
	value: (item: T, field: string) => SortValue,
): T[] {
	const compareValues = (a: SortValue, b: SortValue): number => {
		const an = a === null || a === undefined;
		const bn = b === null || b === undefined;
		if (an || bn) return an && bn ? 0 : an ? 1 : -1;
		if (typeof a === 'string' && typeof b === 'string') return collator.compare(a, b);
		return a < b ? -1 : a > b ? 1 : 0;
	};
	return [...items].sort((x, y) => {
		for (const t of terms) {
			const c = compareValues(value(x, t.field), value(y, t.field));
			if (c !== 0) return t.desc ? -c : c;
		}
		return y.id - x.id;
	});
}

/** An ISO timestamp field as a number for sorting (null stays null). */
export function timeValue(v: string | null | undefined): number | null {
	if (v === null || v === undefined) return null;
	const ms = Date.parse(v);
	return Number.isNaN(ms) ? null : ms;
}
