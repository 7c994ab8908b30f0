/**
 * The Userlike JSON API endpoints (v2 and v3) on top of the generic router of index.ts.
 *
 * Request pipeline of every endpoint (not in the docs: the order; it follows Django REST Framework, where
 * authentication, permissions and throttles run before the method handler):
 *   401 token -> organization -> 403 Userlike-Operator-Id -> 429 burst -> 429 daily quota -> 405 method
 *   -> 403 read-only role -> 415/400 JSON body -> 400 exclude_ids -> handler.
 */
// The same list the node checks before it sends (which list Userlike means is not documented).
import { ISO_3166_ALPHA2 } from './countries';
import { ApiError, badRequest, fieldError, notFound } from './errors';
import { paginateCursor, paginateOffset } from './pagination';
import {
	DEFAULT_DELETE_LIMIT,
	MAX_DELETE_LIMIT,
	boolParam,
	choiceParam,
	dateParam,
	idListParam,
	intParam,
	orderingParam,
	param,
	sortItems,
	timeValue,
	toBoolean,
} from './params';
import {
	Lookup,
	renderContact,
	renderConversation,
	renderMessage,
	renderNavigation,
	renderNote,
	renderOperator,
	renderSlots,
} from './render';
import { parseKeywords, score, type SearchField } from './search';
import {
	OPERATOR_NOTIFICATION_FIELDS,
	type ApiVersion,
	type ContactRecord,
	type ConversationRecord,
	type MessageType,
	type OperatorRecord,
	type Organization,
	type QuotaResource,
	type RouteContext,
	type RouteHandler,
	type RouteResult,
	type SenderType,
	type SimulatorData,
	type TokenRecord,
} from './types';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

interface ApiContext extends RouteContext {
	version: ApiVersion;
	org: Organization;
	/** the operator the request runs as */
	operator: OperatorRecord | undefined;
	data: SimulatorData;
	lookup: Lookup;
	excludeIds: Set<number>;
	/** the JSON object of a PATCH/POST body */
	json: Record<string, unknown>;
	id: number;
}

type Handler = (ctx: ApiContext) => RouteResult;

interface Endpoint {
	path: string;
	versions?: ApiVersion[];
	resource: QuotaResource;
	methods: Partial<Record<Method, Handler | { handler: Handler; versions: ApiVersion[] }>>;
}

const json = (status: number, body?: unknown, headers?: Record<string, string>): RouteResult => ({
	status,
	body,
	headers,
});
const noContent = (): RouteResult => ({ status: 204 });

/** Removes matching items in place (tests may hold references to the arrays of `data`). */
function removeWhere<T>(items: T[], predicate: (item: T) => boolean): number {
	let w = 0;
	for (let r = 0; r < items.length; r++) {
		if (!predicate(items[r])) items[w++] = items[r];
	}
	const removed = items.length - w;
	items.length = w;
	return removed;
}

function nextId(items: Array<{ id: number }>): number {
	let max = 0;
	for (const i of items) if (i.id > max) max = i.id;
	return max + 1;
}

function inRange(value: string | null, from: number | undefined, to: number | undefined): boolean {
	if (from === undefined && to === undefined) return true;
	const t = timeValue(value);
	if (t === null) return false;
	// not in the docs: "before"/"after" bounds are inclusive
	if (from !== undefined && t < from) return false;
	if (to !== undefined && t > to) return false;
	return true;
}

function sameText(a: string | null | undefined, b: string): boolean {
	return (a ?? '').toLowerCase() === b.toLowerCase();
}

// ------------------------------------------------------------------------------------------------ deletion cascades

/** not in the docs: deleting a conversation also deletes its messages and notes; navigation events lose the link. */
function deleteConversations(data: SimulatorData, ids: Set<number>): void {
	if (!ids.size) return;
	for (const c of data.conversations) {
		if (ids.has(c.id) && c.ongoing && c.operator_id !== null) {
			const op = data.operators.find((o) => o.id === c.operator_id);
			if (op && op.slots_used > 0) op.slots_used--;
		}
	}
	removeWhere(data.conversations, (c) => ids.has(c.id));
	removeWhere(data.messages, (m) => ids.has(m.conversation_id));
	removeWhere(data.notes, (n) => n.conversation_id !== null && ids.has(n.conversation_id));
	for (const n of data.navigation)
		if (n.conversation_id !== null && ids.has(n.conversation_id)) n.conversation_id = null;
}

/** not in the docs: deleting a contact deletes its conversations (even ongoing ones), its notes and its navigation events. */
function deleteContacts(data: SimulatorData, ids: Set<number>): void {
	if (!ids.size) return;
	deleteConversations(
		data,
		new Set(data.conversations.filter((c) => ids.has(c.contact_identity_id)).map((c) => c.id)),
	);
	removeWhere(data.contacts, (c) => ids.has(c.id));
	removeWhere(data.notes, (n) => n.contact_identity_id !== null && ids.has(n.contact_identity_id));
	removeWhere(data.navigation, (n) => ids.has(n.contact_identity_id));
}

// ------------------------------------------------------------------------------------------------ bulk delete

interface BulkDeleteSpec<T extends { id: number }> {
	noun: string;
	/** the ordered items a GET with the same query would list (filters, search, exclude_ids applied) */
	select: () => T[];
	/** all items of the organization */
	all: () => T[];
	blocked?: (item: T) => boolean;
	remove: (ids: Set<number>) => void;
}

/** The `limit` of a list DELETE: 10 when absent, 400 when not a whole number in 1..100. */
function deleteLimitParam(ctx: ApiContext, noun: string): number {
	const rawLimit = param(ctx.query, 'limit');
	if (rawLimit === undefined) return DEFAULT_DELETE_LIMIT;
	// not in the docs: a limit that is not a positive whole number answers 400 (a list GET would fall back to 10)
	if (!/^\s*\d+\s*$/.test(rawLimit) || Number(rawLimit) === 0)
		throw fieldError('limit', 'Enter a whole number greater than 0.');
	const limit = Number(rawLimit);
	if (limit > MAX_DELETE_LIMIT) {
		throw badRequest({
			detail: `At most ${MAX_DELETE_LIMIT} ${noun} can be deleted per request (limit=${limit}).`,
		});
	}
	return limit;
}

/**
 * docs: "Making a DELETE request to the conversation list endpoint will irrevocably delete a number of conversations
 *        at once: 10 by default and 100 at most."
 * docs: "Only the resource(s) thus specified will be deleted ... no matter what other filters or limits are provided"
 *
 * The docs allow two readings of `delete_ids` with `limit`; `behaviour.deleteIdsLimit` picks one:
 *   'lifted' (default): delete_ids names what is deleted, whatever the limit;
 *   'applies': the list DELETE's limit still caps it (10 without `limit`, 100 at most), newest first.
 * An ongoing conversation named in delete_ids is refused with 400 (`behaviour.ongoingInListDelete`
 * 'refuse', default) or left in place without a word ('skip').
 */
function bulkDelete<T extends { id: number }>(
	ctx: ApiContext,
	spec: BulkDeleteSpec<T>,
): RouteResult {
	const behaviour = ctx.simulator.behaviour;
	const deleteIds = idListParam(ctx.query, 'delete_ids');
	if (deleteIds !== undefined) {
		// not in the docs: the 100 maximum of bulk deletes applied to delete_ids too
		if (deleteIds.length > MAX_DELETE_LIMIT)
			throw badRequest({ detail: `At most ${MAX_DELETE_LIMIT} ids can be deleted per request.` });
		const limit =
			behaviour.deleteIdsLimit === 'applies' ? deleteLimitParam(ctx, spec.noun) : Infinity;
		const wanted = new Set(deleteIds);
		// docs: "Resource(s) thus specified will not be fetched, updated or deleted." (exclude_ids wins over delete_ids)
		// not in the docs: unknown ids (or ids of another organization) are ignored
		let targets = spec.all().filter((x) => wanted.has(x.id) && !ctx.excludeIds.has(x.id));
		const blocked = spec.blocked ? targets.filter(spec.blocked) : [];
		if (blocked.length && behaviour.ongoingInListDelete === 'skip') {
			targets = targets.filter((x) => !spec.blocked!(x));
		} else if (blocked.length) {
			// docs: "As a precaution, you cannot delete ongoing conversations." not in the docs: nothing is deleted then
			const ids = blocked.map((b) => b.id).sort((a, b) => a - b);
			throw badRequest({
				detail:
					ids.length === 1
						? `Conversation ${ids[0]} is ongoing and cannot be deleted.`
						: `Conversations ${ids.join(', ')} are ongoing and cannot be deleted.`,
			});
		}
		// 'applies': the first `limit` in list order (newest ID first)
		targets.sort((a, b) => b.id - a.id);
		spec.remove(new Set(targets.slice(0, limit).map((t) => t.id)));
		return noContent();
	}
	const limit = deleteLimitParam(ctx, spec.noun);
	// not in the docs: which ones; the first `limit` a GET with the same query would list (offset ignored),
	// skipping ongoing conversations
	const items = spec.select().filter((x) => !(spec.blocked && spec.blocked(x)));
	spec.remove(new Set(items.slice(0, limit).map((x) => x.id)));
	return noContent();
}

// ------------------------------------------------------------------------------------------------ conversations

// docs: "The conversation list endpoint results can be alternatively ordered by the following fields"
const CONVERSATION_ORDERING = [
	'id',
	'last_message_sent_at',
	'contact_first_message_sent_at',
	'contact_last_update_at',
	'contact_last_message_sent_at',
];
const CONVERSATION_STATUSES = ['new', 'open', 'pending', 'ended'] as const;

function selectConversations(ctx: ApiContext): ConversationRecord[] {
	const q = ctx.query;
	// docs: "The conversation list endpoint lets you filter its resources for the following fields" (14 filters)
	const contactUuid = param(q, 'contact_uuid');
	const operatorId = intParam(q, 'operator_id');
	// not in the docs: the status choices; an unknown status answers 400 like django-filter's ChoiceFilter
	const status = choiceParam(q, 'status', CONVERSATION_STATUSES);
	const topic = param(q, 'topics');
	const widgetId = intParam(q, 'um_widget_id');
	// docs: "where the first contact message was sent before a specific time" / "after a specific time"
	const firstTo = dateParam(q, 'contact_first_message_to_date');
	const firstFrom = dateParam(q, 'contact_first_message_from_date');
	const lastTo = dateParam(q, 'contact_last_message_to_date');
	const lastFrom = dateParam(q, 'contact_last_message_from_date');
	// docs: "in which the last update happened before a specified time. New messages count as updates."
	const updatedTo = dateParam(q, 'updated_at_to_date');
	const updatedFrom = dateParam(q, 'updated_at_from_date');
	const idGt = intParam(q, 'id__gt');
	const idLt = intParam(q, 'id__lt');
	const contactId = intParam(q, 'contact_identity_id');
	const ordering = orderingParam(q, CONVERSATION_ORDERING);
	const search = param(q, 'search_query');
	const { data, lookup, org } = ctx;

	// docs: "The single filters are "ANDed" together"
	let items = data.conversations.filter((c) => {
		if (c.organization_id !== org.id || ctx.excludeIds.has(c.id)) return false;
		if (contactUuid !== undefined && lookup.contact(c.contact_identity_id)?.uuid !== contactUuid)
			return false;
		if (operatorId !== undefined && c.operator_id !== operatorId) return false;
		if (status !== undefined && c.status !== status) return false;
		// not in the docs: a topic is matched by its name, case-insensitively
		if (
			topic !== undefined &&
			!c.topic_ids.some((id) => sameText(data.topics.find((t) => t.id === id)?.name, topic))
		)
			return false;
		if (widgetId !== undefined && c.um_widget_id !== widgetId) return false;
		if (!inRange(c.contact_first_message_sent_at, firstFrom, firstTo)) return false;
		if (!inRange(c.contact_last_message_sent_at, lastFrom, lastTo)) return false;
		if (!inRange(c.updated_at, updatedFrom, updatedTo)) return false;
		if (idGt !== undefined && !(c.id > idGt)) return false;
		if (idLt !== undefined && !(c.id < idLt)) return false;
		if (contactId !== undefined && c.contact_identity_id !== contactId) return false;
		return true;
	});

	let scores: Map<number, number> | undefined;
	const keywords = search === undefined ? [] : parseKeywords(search);
	if (keywords.length) {
		scores = new Map();
		const s = scores;
		items = items.filter((c) => {
			const contact = lookup.contact(c.contact_identity_id);
			// docs: Contact's name / email / street / city: ranking "A"; "Conversation messages": ranking "C"
			const fields: SearchField[] = [
				{ weight: 'A', text: contact?.name },
				{ weight: 'A', text: contact?.email },
				{ weight: 'A', text: contact?.street },
				{ weight: 'A', text: contact?.city },
				...lookup.messages(c.id).map((m): SearchField => ({ weight: 'C', text: m.body })),
			];
			const value = score(keywords, fields);
			if (value > 0) s.set(c.id, value);
			return value > 0;
		});
	}
	if (ordering) {
		return sortItems(items, ordering, (c, field) =>
			field === 'id' ? c.id : timeValue(c[field as keyof ConversationRecord] as string | null),
		);
	}
	// not in the docs: search results by score descending, then id descending; an explicit ordering overrides
	if (scores) {
		const s = scores;
		return [...items].sort((a, b) => (s.get(b.id) ?? 0) - (s.get(a.id) ?? 0) || b.id - a.id);
	}
	// docs: "sorted by their ID, in descending order"
	return [...items].sort((a, b) => b.id - a.id);
}

function findConversation(ctx: ApiContext): ConversationRecord {
	// docs: "Resource(s) thus specified will not be fetched, updated or deleted."
	if (ctx.excludeIds.has(ctx.id)) throw notFound();
	const c = ctx.data.conversations.find((x) => x.id === ctx.id && x.organization_id === ctx.org.id);
	if (!c) throw notFound();
	return c;
}

// docs: "The conversation resource items returned by the list endpoint only contain the last message"
const listConversations: Handler = (ctx) =>
	json(
		200,
		paginateOffset(selectConversations(ctx), ctx.query, ctx.url, (c) =>
			renderConversation(c, ctx.lookup),
		),
	);

const bulkDeleteConversations: Handler = (ctx) =>
	bulkDelete(ctx, {
		noun: 'conversations',
		select: () => selectConversations(ctx),
		all: () => ctx.data.conversations.filter((c) => c.organization_id === ctx.org.id),
		// docs: "As a precaution, you cannot delete ongoing conversations."
		blocked: (c) => c.ongoing,
		remove: (ids) => deleteConversations(ctx.data, ids),
	});

const getConversation: Handler = (ctx) =>
	json(200, renderConversation(findConversation(ctx), ctx.lookup));

// docs: "Delete a specific conversation ... Response contains no data and has HTTP status 204."
const deleteConversation: Handler = (ctx) => {
	const c = findConversation(ctx);
	if (c.ongoing)
		throw badRequest({ detail: `Conversation ${c.id} is ongoing and cannot be deleted.` });
	deleteConversations(ctx.data, new Set([c.id]));
	return noContent();
};

// docs: "The following values can be used to filter by `type`"
const MESSAGE_TYPES: readonly MessageType[] = [
	'notification',
	'upload',
	'co',
	'ct',
	'link',
	'call_event',
	'call_offer',
];
// not in the docs: the sender types
const SENDER_TYPES: readonly SenderType[] = ['contact', 'operator', 'bot', 'system'];

const listMessages: Handler = (ctx) => {
	// docs: "Resource(s) thus specified will not be fetched" — not in the docs: on this endpoint exclude_ids removes
	// the listed message ids from the page, and an excluded conversation id answers 404 like the single endpoint
	const conversation = findConversation(ctx);
	// docs: "type notification", "sender_type contact", "event welcome_message"
	const type = choiceParam(ctx.query, 'type', MESSAGE_TYPES);
	const senderType = choiceParam(ctx.query, 'sender_type', SENDER_TYPES);
	const event = param(ctx.query, 'event');
	// docs: "ordering id" / "ordering -id"; default: "by default containing the last 100 messages"
	const ordering = orderingParam(ctx.query, ['id']);
	const descending = ordering ? ordering[0].desc : true;
	const items = ctx.lookup
		.messages(conversation.id)
		.filter(
			(m) =>
				!ctx.excludeIds.has(m.id) &&
				(type === undefined || m.type === type) &&
				(senderType === undefined || m.sender_type === senderType) &&
				(event === undefined || m.event === event),
		)
		.sort((a, b) => (descending ? b.id - a.id : a.id - b.id));
	return json(200, paginateCursor(items, descending, ctx.query, ctx.url, renderMessage));
};

// ------------------------------------------------------------------------------------------------ notes

const listNotes: Handler = (ctx) => {
	// docs: "conversation_id 42 Get all notes you added to a specific conversation" / "contact_identity_id 23"
	// docs: "Combining these filter would always result in an empty response"
	const conversationId = intParam(ctx.query, 'conversation_id');
	const contactId = intParam(ctx.query, 'contact_identity_id');
	const items = ctx.data.notes
		.filter(
			(n) =>
				n.organization_id === ctx.org.id &&
				!ctx.excludeIds.has(n.id) &&
				(conversationId === undefined || n.conversation_id === conversationId) &&
				(contactId === undefined || n.contact_identity_id === contactId),
		)
		// docs: "The note list endpoint results are sorted by their ID, in descending order"
		.sort((a, b) => b.id - a.id);
	return json(200, paginateOffset(items, ctx.query, ctx.url, renderNote));
};

function findNote(ctx: ApiContext) {
	if (ctx.excludeIds.has(ctx.id)) throw notFound();
	const n = ctx.data.notes.find((x) => x.id === ctx.id && x.organization_id === ctx.org.id);
	if (!n) throw notFound();
	return n;
}

function pkValue(
	value: unknown,
	field: string,
	errors: Record<string, string[]>,
): number | undefined {
	if (typeof value === 'number' && Number.isInteger(value)) return value;
	if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
	errors[field] = [`Incorrect type. Expected pk value, received ${pyType(value)}.`];
	return undefined;
}

/**
 * v3 only (https://docs.userlike.com/developers/api/json, endpoint table: "notes/ | GET, POST", POST new in v3: create a note).
 * not in the docs: the body `{ body, conversation_id }` or `{ body, contact_identity_id }`; the note is written by
 * the requesting operator; 201 with the note.
 */
const createNote: Handler = (ctx) => {
	const b = ctx.json;
	const errors: Record<string, string[]> = {};
	if (b.body === undefined) errors.body = ['This field is required.'];
	else if (b.body === null) errors.body = ['This field may not be null.'];
	else if (typeof b.body !== 'string') errors.body = ['Not a valid string.'];
	else if (!b.body.trim()) errors.body = ['This field may not be blank.'];
	const hasConversation = b.conversation_id !== undefined && b.conversation_id !== null;
	const hasContact = b.contact_identity_id !== undefined && b.contact_identity_id !== null;
	let conversationId: number | null = null;
	let contactId: number | null = null;
	// docs: "notes either have a conversation_id or a contact_identity_id"
	if (hasConversation && hasContact)
		errors.non_field_errors = ['Provide either conversation_id or contact_identity_id, not both.'];
	else if (!hasConversation && !hasContact)
		errors.non_field_errors = ['Provide either conversation_id or contact_identity_id.'];
	else if (hasConversation) {
		const id = pkValue(b.conversation_id, 'conversation_id', errors);
		if (id !== undefined) {
			if (ctx.data.conversations.some((c) => c.id === id && c.organization_id === ctx.org.id))
				conversationId = id;
			else errors.conversation_id = [`Invalid pk "${id}" - object does not exist.`];
		}
	} else {
		const id = pkValue(b.contact_identity_id, 'contact_identity_id', errors);
		if (id !== undefined) {
			if (ctx.data.contacts.some((c) => c.id === id && c.organization_id === ctx.org.id))
				contactId = id;
			else errors.contact_identity_id = [`Invalid pk "${id}" - object does not exist.`];
		}
	}
	if (Object.keys(errors).length) throw badRequest(errors);
	const note = {
		id: nextId(ctx.data.notes),
		organization_id: ctx.org.id,
		body: String(b.body),
		conversation_id: conversationId,
		contact_identity_id: contactId,
		operator_id: ctx.operator ? ctx.operator.id : null,
		created_at: new Date(ctx.simulator.behaviour.now()).toISOString(),
	};
	ctx.data.notes.push(note);
	return json(201, renderNote(note));
};

// ------------------------------------------------------------------------------------------------ navigation

const listNavigation: Handler = (ctx) => {
	// not in the docs: navigation events have no filters; unknown parameters are ignored
	const items = ctx.data.navigation
		.filter((n) => n.organization_id === ctx.org.id && !ctx.excludeIds.has(n.id))
		.sort((a, b) => b.id - a.id);
	return json(200, paginateOffset(items, ctx.query, ctx.url, renderNavigation));
};

// ------------------------------------------------------------------------------------------------ contacts

// docs: "The contact list endpoint results can be alternatively ordered by the following fields: created_at, name, email"
const CONTACT_ORDERING = ['created_at', 'name', 'email'];

function selectContacts(ctx: ApiContext): ContactRecord[] {
	const q = ctx.query;
	// docs: "The contact list endpoint lets you filter its resources for the following fields" (7 filters)
	const id = intParam(q, 'id');
	const email = param(q, 'email');
	const name = param(q, 'name');
	// docs: "Get all contacts that were active before a specific time" — not in the docs: compared with last_active_at
	const to = dateParam(q, 'to_date_time');
	const from = dateParam(q, 'from_date_time');
	// docs: "Get all contacts that have a verified email or mobile number"
	const verified = boolParam(q, 'verified');
	const locale = param(q, 'locale');
	const ordering = orderingParam(q, CONTACT_ORDERING);
	const search = param(q, 'search_query');
	let items = ctx.data.contacts.filter((c) => {
		if (c.organization_id !== ctx.org.id || ctx.excludeIds.has(c.id)) return false;
		if (id !== undefined && c.id !== id) return false;
		// not in the docs: email and name compare case-insensitively and exactly
		if (email !== undefined && !sameText(c.email, email)) return false;
		if (name !== undefined && !sameText(c.name, name)) return false;
		if (!inRange(c.last_active_at, from, to)) return false;
		if (verified !== undefined && c.verified !== verified) return false;
		if (locale !== undefined && c.locale !== locale) return false;
		return true;
	});
	let scores: Map<number, number> | undefined;
	const keywords = search === undefined ? [] : parseKeywords(search);
	if (keywords.length) {
		const notesByContact = new Map<number, string[]>();
		for (const n of ctx.data.notes) {
			if (n.contact_identity_id === null) continue;
			const list = notesByContact.get(n.contact_identity_id) ?? [];
			list.push(n.body);
			notesByContact.set(n.contact_identity_id, list);
		}
		const s = new Map<number, number>();
		scores = s;
		items = items.filter((c) => {
			// docs: name, email, street, city, country: ranking "A"; "Contact's notes": ranking "B"
			// not in the docs: "notes" means the contact's free-text `notes` and the note resources on the contact
			const fields: SearchField[] = [
				{ weight: 'A', text: c.name },
				{ weight: 'A', text: c.email },
				{ weight: 'A', text: c.street },
				{ weight: 'A', text: c.city },
				{ weight: 'A', text: c.country },
				{ weight: 'B', text: c.notes },
				...(notesByContact.get(c.id) ?? []).map(
					(body): SearchField => ({ weight: 'B', text: body }),
				),
			];
			const value = score(keywords, fields);
			if (value > 0) s.set(c.id, value);
			return value > 0;
		});
	}
	if (ordering) {
		return sortItems(items, ordering, (c, field) =>
			field === 'created_at' ? timeValue(c.created_at) : field === 'name' ? c.name : c.email,
		);
	}
	if (scores) {
		const s = scores;
		return [...items].sort((a, b) => (s.get(b.id) ?? 0) - (s.get(a.id) ?? 0) || b.id - a.id);
	}
	return [...items].sort((a, b) => b.id - a.id);
}

function findContact(ctx: ApiContext): ContactRecord {
	if (ctx.excludeIds.has(ctx.id)) throw notFound();
	const c = ctx.data.contacts.find((x) => x.id === ctx.id && x.organization_id === ctx.org.id);
	if (!c) throw notFound();
	return c;
}

const listContacts: Handler = (ctx) =>
	json(200, paginateOffset(selectContacts(ctx), ctx.query, ctx.url, renderContact));

// docs: "Making a DELETE request to the contact list endpoint can potentially bulk delete a number of contacts:
//        10 by default, 100 being the maximum allowed limit."
const bulkDeleteContacts: Handler = (ctx) =>
	bulkDelete(ctx, {
		noun: 'contacts',
		select: () => selectContacts(ctx),
		all: () => ctx.data.contacts.filter((c) => c.organization_id === ctx.org.id),
		remove: (ids) => deleteContacts(ctx.data, ids),
	});

const getContact: Handler = (ctx) => json(200, renderContact(findContact(ctx)));

const deleteContact: Handler = (ctx) => {
	deleteContacts(ctx.data, new Set([findContact(ctx).id]));
	return noContent();
};

// docs: "The following fields can be updated:" (18 fields of the contact PATCH table)
const CONTACT_TEXT_FIELDS = [
	'name',
	'salutation',
	'gender',
	'street',
	'city',
	'phone_number',
	'mobile_number',
] as const;
const CONTACT_NULLABLE_TEXT_FIELDS = ['external_customer_id'] as const;
const CONTACT_URL_FIELDS = [
	'url_facebook',
	'url_twitter',
	'url_linkedin',
	'url_profile_picture',
] as const;
const CONTACT_BOOLEAN_FIELDS = [
	'contact_by_phone',
	'contact_by_email',
	'contact_by_userlike_messenger',
	'contact_by_userlike_channels',
] as const;
export const CONTACT_PATCH_FIELDS = [
	'email',
	'country',
	...CONTACT_TEXT_FIELDS,
	...CONTACT_NULLABLE_TEXT_FIELDS,
	...CONTACT_URL_FIELDS,
	...CONTACT_BOOLEAN_FIELDS,
];

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const URL_RE = /^https?:\/\/[^\s/$.?#][^\s]*$/i;

function pyType(v: unknown): string {
	if (Array.isArray(v)) return 'list';
	if (v === null) return 'NoneType';
	if (typeof v === 'string') return 'str';
	if (typeof v === 'boolean') return 'bool';
	if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
	return 'dict';
}

function textValue(v: unknown): string | undefined {
	if (typeof v === 'string') return v;
	if (typeof v === 'number') return String(v);
	return undefined;
}

/**
 * docs: "Update certain data of a specific contact. The returned JSON object contains the full and updated contact."
 * not in the docs: unknown fields are ignored (DRF); nothing is saved when any field is invalid.
 */
const patchContact: Handler = (ctx) => {
	const contact = findContact(ctx);
	const b = ctx.json;
	const errors: Record<string, string[]> = {};
	const changes: Partial<Record<keyof ContactRecord, unknown>> = {};
	if ('email' in b) {
		const v = b.email;
		// not in the docs: email may be cleared with null or ""
		if (v === null || v === '') changes.email = v === null ? null : '';
		else if (typeof v !== 'string') errors.email = ['Not a valid string.'];
		else if (!EMAIL_RE.test(v.trim())) errors.email = ['Enter a valid email address.'];
		else changes.email = v.trim();
	}
	if ('country' in b) {
		const v = b.country;
		// docs: "Update the contact's country, providing a valid two-digit iso code."
		if (v === null || v === '') changes.country = '';
		else if (typeof v !== 'string' || !ISO_3166_ALPHA2.has(v))
			errors.country = [
				`"${typeof v === 'string' ? v : JSON.stringify(v)}" is not a valid choice.`,
			];
		else changes.country = v;
	}
	for (const f of CONTACT_TEXT_FIELDS) {
		if (!(f in b)) continue;
		const v = textValue(b[f]);
		if (b[f] === null) errors[f] = ['This field may not be null.'];
		else if (v === undefined) errors[f] = ['Not a valid string.'];
		else changes[f] = v;
	}
	for (const f of CONTACT_NULLABLE_TEXT_FIELDS) {
		if (!(f in b)) continue;
		const v = textValue(b[f]);
		if (b[f] === null) changes[f] = null;
		else if (v === undefined) errors[f] = ['Not a valid string.'];
		else changes[f] = v;
	}
	for (const f of CONTACT_URL_FIELDS) {
		if (!(f in b)) continue;
		const v = b[f];
		if (v === null || v === '') changes[f] = v === null ? null : '';
		else if (typeof v !== 'string') errors[f] = ['Not a valid string.'];
		else if (!URL_RE.test(v)) errors[f] = ['Enter a valid URL.'];
		else changes[f] = v;
	}
	for (const f of CONTACT_BOOLEAN_FIELDS) {
		if (!(f in b)) continue;
		const v = toBoolean(b[f]);
		if (v === undefined) errors[f] = ['Must be a valid boolean.'];
		else changes[f] = v;
	}
	if (Object.keys(errors).length) throw badRequest(errors);
	Object.assign(contact, changes);
	if (Object.keys(changes).length) {
		// docs: "Order the conversations according to when its contact was last updated"
		const now = new Date(ctx.simulator.behaviour.now()).toISOString();
		for (const c of ctx.data.conversations)
			if (c.contact_identity_id === contact.id) c.contact_last_update_at = now;
	}
	return json(200, renderContact(contact));
};

// ------------------------------------------------------------------------------------------------ operators

// docs: "The operator list endpoint results can be alternatively ordered by the following fields: created_at, name, email"
const OPERATOR_ORDERING = ['created_at', 'name', 'email'];

const listOperators: Handler = (ctx) => {
	const q = ctx.query;
	// docs: "The operator list endpoint lets you filter its resources for the following fields" (id, email, name, operator_group_id)
	const id = intParam(q, 'id');
	const email = param(q, 'email');
	const name = param(q, 'name');
	const groupId = intParam(q, 'operator_group_id');
	const ordering = orderingParam(q, OPERATOR_ORDERING);
	const items = ctx.data.operators.filter(
		(o) =>
			o.organization_id === ctx.org.id &&
			!ctx.excludeIds.has(o.id) &&
			(id === undefined || o.id === id) &&
			(email === undefined || sameText(o.email, email)) &&
			(name === undefined || sameText(o.name, name)) &&
			(groupId === undefined || o.operator_group_id === groupId),
	);
	const sorted = ordering
		? sortItems(items, ordering, (o, field) =>
				field === 'created_at' ? timeValue(o.created_at) : field === 'name' ? o.name : o.email,
			)
		: [...items].sort((a, b) => b.id - a.id);
	return json(
		200,
		paginateOffset(sorted, q, ctx.url, (o) => renderOperator(o, ctx.data)),
	);
};

function findOperator(ctx: ApiContext): OperatorRecord {
	if (ctx.excludeIds.has(ctx.id)) throw notFound();
	const o = ctx.data.operators.find((x) => x.id === ctx.id && x.organization_id === ctx.org.id);
	if (!o) throw notFound();
	return o;
}

const getOperator: Handler = (ctx) => json(200, renderOperator(findOperator(ctx), ctx.data));

// docs: "Use this reduced "view" on a specific operator's chat slot utilization"
const getSlots: Handler = (ctx) => json(200, renderSlots(findOperator(ctx)));

/**
 * docs: "You can use the PATCH method to update an operator's out of office status or notification settings.
 *        The response will have the format of the slot view as described below."
 * docs: "You can toggle an operator's availability between **online** and **away** by making a PATCH request."
 * not in the docs: the field of that toggle; we use `available` (true = online, false = away).
 */
const patchOperator: Handler = (ctx) => {
	const operator = findOperator(ctx);
	const b = ctx.json;
	const errors: Record<string, string[]> = {};
	const changes: Record<string, boolean> = {};
	for (const f of [...OPERATOR_NOTIFICATION_FIELDS, 'out_of_office', 'available']) {
		if (!(f in b)) continue;
		const v = toBoolean(b[f]);
		if (v === undefined) errors[f] = ['Must be a valid boolean.'];
		else changes[f] = v;
	}
	if (Object.keys(errors).length) throw badRequest(errors);
	Object.assign(operator, changes);
	return json(200, renderSlots(operator));
};

/**
 * v3 only (https://docs.userlike.com/developers/api/json, endpoint table: "operators/{id}/away/ | PATCH", new in v3: set an operator's away status).
 * not in the docs: the body `{"away": boolean}`; away=true sets available=false; answers the slot view.
 */
const setAway: Handler = (ctx) => {
	const operator = findOperator(ctx);
	if (!('away' in ctx.json)) throw fieldError('away', 'This field is required.');
	const away = toBoolean(ctx.json.away);
	if (away === undefined) throw fieldError('away', 'Must be a valid boolean.');
	operator.available = !away;
	return json(200, renderSlots(operator));
};

/**
 * docs: "We make sure that you do not accidentally: Delete the Owner of your Userlike account / Delete the operator
 *        making the request (which in most cases is the Owner) / Delete the last operator of an organization"
 * docs: "you'll instead get a 403 status response ... In the JSON body you'll find the details on why it was denied."
 */
const deleteOperator: Handler = (ctx) => {
	const target = findOperator(ctx);
	if (target.role === 'owner' || target.id === ctx.data.accountOwnerId) {
		throw new ApiError(403, { detail: 'The owner of the account cannot be deleted.' });
	}
	if (ctx.operator && ctx.operator.id === target.id)
		throw new ApiError(403, { detail: 'You cannot delete the operator making the request.' });
	if (ctx.data.operators.filter((o) => o.organization_id === ctx.org.id).length <= 1) {
		throw new ApiError(403, { detail: 'The last operator of an organization cannot be deleted.' });
	}
	removeWhere(ctx.data.operators, (o) => o.id === target.id);
	// not in the docs: the operator's conversations become unassigned
	for (const c of ctx.data.conversations) if (c.operator_id === target.id) c.operator_id = null;
	return noContent();
};

// ------------------------------------------------------------------------------------------------ endpoint table

// docs: "Resource endpoints ... Allowed methods"; for v3 the endpoint table of https://docs.userlike.com/developers/api/json.
const ENDPOINTS: Endpoint[] = [
	{
		path: 'conversations/',
		resource: 'conversations',
		methods: { GET: listConversations, DELETE: bulkDeleteConversations },
	},
	// not in the docs: how conversations/all/ differs from conversations/ is not documented; they answer the same
	{
		path: 'conversations/all/',
		versions: ['v3'],
		resource: 'conversations',
		methods: { GET: listConversations },
	},
	{
		path: 'conversations/(?<id>\\d+)/',
		resource: 'conversations',
		methods: { GET: getConversation, DELETE: deleteConversation },
	},
	{
		path: 'conversations/(?<id>\\d+)/messages/',
		resource: 'conversations',
		methods: { GET: listMessages },
	},
	{
		path: 'notes/',
		resource: 'notes',
		methods: { GET: listNotes, POST: { handler: createNote, versions: ['v3'] } },
	},
	{
		path: 'notes/(?<id>\\d+)/',
		resource: 'notes',
		methods: {
			GET: (ctx) => json(200, renderNote(findNote(ctx))),
			DELETE: (ctx) => deleteNote(ctx),
		},
	},
	{ path: 'navigation/', resource: 'navigation', methods: { GET: listNavigation } },
	{
		path: 'contact_identities/',
		resource: 'contact_identities',
		methods: { GET: listContacts, DELETE: bulkDeleteContacts },
	},
	// not in the docs: how contact_identities/all/ differs from contact_identities/ is not documented; they answer the same
	{
		path: 'contact_identities/all/',
		versions: ['v3'],
		resource: 'contact_identities',
		methods: { GET: listContacts },
	},
	{
		path: 'contact_identities/(?<id>\\d+)/',
		resource: 'contact_identities',
		methods: { GET: getContact, PATCH: patchContact, DELETE: deleteContact },
	},
	// docs: "the operator resource's list endpoint does not offer bulk deletion" (DELETE answers 405)
	{ path: 'operators/', resource: 'operators', methods: { GET: listOperators } },
	{
		path: 'operators/(?<id>\\d+)/',
		resource: 'operators',
		methods: { GET: getOperator, PATCH: patchOperator, DELETE: deleteOperator },
	},
	// docs: "Apart from that, all other requests behave exactly the same as those to the regular operator resource single endpoint."
	{
		path: 'operators/(?<id>\\d+)/slots/',
		resource: 'operators',
		methods: {
			GET: getSlots,
			PATCH: { handler: patchOperator, versions: ['v2'] },
			DELETE: { handler: deleteOperator, versions: ['v2'] },
		},
	},
	{
		path: 'operators/(?<id>\\d+)/away/',
		versions: ['v3'],
		resource: 'operators',
		methods: { PATCH: setAway },
	},
];

function deleteNote(ctx: ApiContext): RouteResult {
	const note = findNote(ctx);
	removeWhere(ctx.data.notes, (n) => n.id === note.id);
	return noContent();
}

// ------------------------------------------------------------------------------------------------ pipeline

/** docs: "the API token must be passed as an authorization header with each request" */
function authenticate(ctx: RouteContext): TokenRecord {
	const header = (ctx.headers.authorization ?? '').trim();
	// not in the docs: the header carries the raw token; "Bearer <token>" and "Token <token>" are accepted too
	const m = /^(?:bearer|token)\s+(.+)$/i.exec(header);
	const token = m ? m[1].trim() : header;
	const record = token ? ctx.simulator.data.tokens.find((t) => t.token === token) : undefined;
	if (!record)
		throw new ApiError(401, { detail: 'Invalid token.' }, { 'WWW-Authenticate': 'Token' });
	return record;
}

/**
 * docs: "when you need to access the resources of a different organization, you can now simply provide the extra header
 *        "Userlike-organization-Id" with your request"
 * docs: "If you provide a wrong organization ID, the request will again be made against your default organization resources."
 * not in the docs: an organization token ignores the header (it only reaches its own organization).
 */
function resolveOrganization(ctx: RouteContext, token: TokenRecord): Organization {
	const data = ctx.simulator.data;
	let orgId = token.organization_id;
	const raw = (ctx.headers['userlike-organization-id'] ?? '').trim();
	if (token.type === 'customer' && /^\d+$/.test(raw)) {
		const wanted = Number(raw);
		if (
			(token.organization_ids ?? [token.organization_id]).includes(wanted) &&
			data.organizations.some((o) => o.id === wanted)
		)
			orgId = wanted;
	}
	const org = data.organizations.find((o) => o.id === orgId);
	if (!org) throw new ApiError(401, { detail: 'Invalid token.' });
	return org;
}

/**
 * docs: "By default, API requests run in the context of the account's operator." /
 *       "you can now send this operator's ID by setting the custom "Userlike-Operator-Id" header"
 * not in the docs: an id that is not an operator of the organization answers 403.
 */
function resolveOperator(ctx: RouteContext, org: Organization): OperatorRecord | undefined {
	const data = ctx.simulator.data;
	const raw = (ctx.headers['userlike-operator-id'] ?? '').trim();
	if (!raw) return data.operators.find((o) => o.id === data.accountOwnerId);
	const op = /^\d+$/.test(raw)
		? data.operators.find((o) => o.id === Number(raw) && o.organization_id === org.id)
		: undefined;
	if (!op)
		throw new ApiError(403, {
			detail: `Operator "${raw}" is not an operator of organization ${org.id}.`,
		});
	return op;
}

export interface UserlikeThrottleState {
	/** per organization: timestamps of recent requests (burst window) */
	burst: Map<number, number[]>;
	/** the UTC day of the last counted request; undefined until the first one */
	lastDay: string | undefined;
}

export function newThrottleState(): UserlikeThrottleState {
	return { burst: new Map(), lastDay: undefined };
}

function throttleDetail(seconds: number | null): string {
	if (seconds === null) return 'Request was throttled.';
	return `Request was throttled. Expected available in ${seconds} second${seconds === 1 ? '' : 's'}.`;
}

function checkThrottles(
	ctx: RouteContext,
	state: UserlikeThrottleState,
	orgId: number,
	resource: QuotaResource,
): void {
	const behaviour = ctx.simulator.behaviour;
	const now = behaviour.now();
	// docs: "you may experience burst throttling if you send too many requests in a short time period. In this case you
	//        will also get a 429 response." not in the docs: the window, the limit and whether Retry-After is sent.
	if (behaviour.burst) {
		const { limit, windowMs, retryAfter } = behaviour.burst;
		const recent = (state.burst.get(orgId) ?? []).filter((t) => t > now - windowMs);
		if (recent.length >= limit) {
			state.burst.set(orgId, recent);
			throw new ApiError(
				429,
				{ detail: throttleDetail(retryAfter) },
				retryAfter === null ? {} : { 'Retry-After': String(retryAfter) },
			);
		}
		recent.push(now);
		state.burst.set(orgId, recent);
	}
	// docs: "You can make up to 5000 API requests per day to a specific resource of an organization. After the resource
	//        limit is reached, you'll receive a response with HTTP status code 429."
	// docs: "no matter if they are made to the list or single endpoint, or what HTTP method is used"
	// not in the docs: the day is the UTC day; Retry-After counts the seconds to the next UTC midnight.
	const day = new Date(now).toISOString().slice(0, 10);
	if (state.lastDay !== undefined && state.lastDay !== day) {
		for (const k of Object.keys(behaviour.usedToday)) delete behaviour.usedToday[k];
	}
	state.lastDay = day;
	const key = `${orgId}:${resource}`;
	const used = behaviour.usedToday[key] ?? 0;
	if (used >= behaviour.dailyQuota) {
		const midnight = Date.UTC(
			new Date(now).getUTCFullYear(),
			new Date(now).getUTCMonth(),
			new Date(now).getUTCDate() + 1,
		);
		const wait = Math.max(1, Math.ceil((midnight - now) / 1000));
		throw new ApiError(429, { detail: throttleDetail(wait) }, { 'Retry-After': String(wait) });
	}
	behaviour.usedToday[key] = used + 1;
}

/** docs: "you must specify the content type of your request being "application/json"" */
function readJsonBody(ctx: RouteContext): Record<string, unknown> {
	const contentType = ctx.headers['content-type'] ?? '';
	if (contentType.split(';')[0].trim().toLowerCase() !== 'application/json') {
		throw new ApiError(415, { detail: `Unsupported media type "${contentType}" in request.` });
	}
	if (!ctx.rawBody.trim()) return {};
	let parsed: unknown;
	try {
		parsed = JSON.parse(ctx.rawBody);
	} catch (e) {
		throw badRequest({ detail: `JSON parse error - ${(e as Error).message}` });
	}
	// not in the docs: invalid JSON and non-object bodies answer 400 with DRF's messages
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw badRequest({
			non_field_errors: [`Invalid data. Expected a dictionary, but got ${pyType(parsed)}.`],
		});
	}
	return parsed as Record<string, unknown>;
}

function endpointHandler(endpoint: Endpoint, state: UserlikeThrottleState): RouteHandler {
	return (rctx) => {
		const version = (rctx.match.groups?.version ?? 'v3') as ApiVersion;
		const token = authenticate(rctx);
		const org = resolveOrganization(rctx, token);
		rctx.recorded.organizationId = org.id;
		rctx.recorded.resource = endpoint.resource;
		rctx.recorded.apiVersion = version;
		const operator = resolveOperator(rctx, org);
		rctx.recorded.operatorId = operator?.id;
		checkThrottles(rctx, state, org.id, endpoint.resource);

		const allowed: Method[] = [];
		for (const [m, h] of Object.entries(endpoint.methods) as Array<
			[Method, Endpoint['methods'][Method]]
		>) {
			if (h && (typeof h === 'function' || h.versions.includes(version))) allowed.push(m);
		}
		const method = rctx.method.toUpperCase() as Method;
		// docs: "Allowed methods" per endpoint — not in the docs: any other method answers 405 (DRF body and Allow header)
		if (!allowed.includes(method)) {
			throw new ApiError(
				405,
				{ detail: `Method "${rctx.method.toUpperCase()}" not allowed.` },
				{ Allow: allowed.join(', ') },
			);
		}
		const entry = endpoint.methods[method]!;
		const handler = typeof entry === 'function' ? entry : entry.handler;

		// docs: "This way you could ensure, for example, that no destructive operations are allowed via the API."
		// not in the docs: the seeded role "read_only" may only GET.
		if (operator && operator.role === 'read_only' && method !== 'GET') {
			throw new ApiError(403, { detail: 'You do not have permission to perform this action.' });
		}
		// not in the docs: POST (v3 notes/) is held to the same Content-Type rule as PATCH; other methods ignore bodies
		const body = method === 'PATCH' || method === 'POST' ? readJsonBody(rctx) : {};
		// docs: "For any requests, to any resource endpoints, you can provide a "blacklist" of resource IDs."
		const excludeIds = new Set(idListParam(rctx.query, 'exclude_ids') ?? []);
		const ctx: ApiContext = {
			...rctx,
			version,
			org,
			operator,
			data: rctx.simulator.data,
			lookup: new Lookup(rctx.simulator.data),
			excludeIds,
			json: body,
			id: rctx.match.groups?.id !== undefined ? Number(rctx.match.groups.id) : NaN,
		};
		return handler(ctx);
	};
}

/** Registers every Userlike JSON API endpoint under /api/um/v2/ and /api/um/v3/. */
export function registerUserlikeRoutes(
	route: (method: string, pathRegex: RegExp, handler: RouteHandler) => void,
	state: UserlikeThrottleState,
): void {
	for (const endpoint of ENDPOINTS) {
		const versions = endpoint.versions ?? ['v2', 'v3'];
		// not in the docs: paths must end with "/" like the documented URLs; without it the answer is 404
		route(
			'*',
			new RegExp(`^/api/um/(?<version>${versions.join('|')})/${endpoint.path}$`),
			endpointHandler(endpoint, state),
		);
	}
}
