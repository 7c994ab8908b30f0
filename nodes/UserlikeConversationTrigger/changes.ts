import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { asNodeError } from '../shared/http';
import { conversationSimplifiedKeys } from '../shared/jsonApi/conversationFields';
import { buildQuery, simplify } from '../shared/jsonApi/query';
import { userlikeApiRequestAllItems } from '../shared/jsonApi/pagination';
import type { PollState, Seen, SeenEntry } from './state';
import { changeSignature, nextFrom, OVERLAP_MS, seenEntry, STATE_VERSION, timeOf } from './state';

/**
 * The polling of the Userlike Conversation Trigger.
 *
 * Userlike's JSON API docs, "Fetching conversations that were recently created or updated"
 * (https://www.userlike.com/en/public/tutorial/um/api/intro, https://docs.userlike.com/developers/api/json):
 * "use the updated_at_from_date and updated_at_to_date filters. Whenever changes are made to the
 * conversation or a message is sent in it, this timestamp is updated." And the conversation list
 * filter `id__gt` ("Get all conversations with an ID greater than the one specified") with
 * `ordering=id` lists new conversations oldest first.
 *
 * Each poll asks for the conversations updated since `from`, pages through all of them, and leaves out
 * what it already knows: for every conversation whose `updated_at` lies at or after the next poll's
 * `from`, the state keeps the `updated_at` it last listed (so two changes with one timestamp, or a
 * change at the boundary, come out once each). `from` is the previous poll's start minus OVERLAP_MS
 * (for clock skew between n8n and Userlike, and for changes Userlike stamped before they became
 * visible), but never further back than the previous poll's own `from`, and never so far back that
 * more than RELIST_MAX conversations the previous polls already read would be listed again: after a
 * burst, the look-back reaches down only to the 99th newest change read (where the previous reading of
 * the burst ended), so a poll in which nothing changed is always 1 request.
 *
 * Activation reads the newest conversation ID and the changes of the last OVERLAP_MS: those happened
 * before activation and are never emitted (the first poll emits nothing; later polls leave them out).
 *
 * A conversation with an ID above every ID the trigger knew at the previous poll is new (emitted once,
 * as new, however often it changed since); any other is updated. For "New Conversation" alone the poll
 * asks only for IDs above the last one known (`id__gt`, `ordering=id`): updates cost nothing then.
 *
 * `new_messages` (Include New Messages) holds the messages sent since the previous poll, oldest first,
 * none emitted twice within the workflow: for a new conversation all its messages (it started since
 * then); for an updated one those newer than the newest message this trigger emitted for it, newer
 * than the `last_message_sent_at` the previous poll listed for it (also when the event filter left it
 * out), and not older than `from`.
 *
 * The state is written only after every request of a poll succeeded, so an error (a 429 that outlasts
 * the retries, a truncated page) ends the poll with nothing emitted and the cursor where it was: the
 * next poll asks again from there.
 */

export type ConversationEvent = 'newConversation' | 'updatedConversation' | 'newOrUpdated';

export interface PollSettings {
	event: ConversationEvent;
	filters: IDataObject;
	simplify: boolean;
	includeNewMessages: boolean;
}

export function readSettings(this: IPollFunctions): PollSettings {
	const options = this.getNodeParameter('options', {}) as IDataObject;
	return {
		event: this.getNodeParameter('event', 'newOrUpdated') as ConversationEvent,
		filters: this.getNodeParameter('filters', {}) as IDataObject,
		simplify: this.getNodeParameter('simplify', true) as boolean,
		includeNewMessages: options.includeNewMessages === true,
	};
}

/** An instant as Userlike's date filters take it: ISO 8601 with an explicit offset (UTC, `Z`). */
export function toUserlikeDate(ms: number): string {
	return new Date(ms).toISOString();
}

export function conversationId(conversation: IDataObject): number {
	return Number(conversation.id);
}

/** The filters the node offers (operator, widget, status, topic) as query parameters. */
export function filterQuery(this: IPollFunctions, settings: PollSettings): IDataObject {
	return buildQuery.call(this, 0, settings.filters);
}

/** Every conversation of a list query: pages of 100 following Userlike's links, one entry per ID. */
async function listConversations(this: IPollFunctions, qs: IDataObject): Promise<IDataObject[]> {
	// By keyset on the ID: conversations created or deleted while we page neither repeat nor push
	// others out of the pages (the transport keeps each ID once).
	const items = await userlikeApiRequestAllItems.call(this, {
		endpoint: 'conversations/',
		qs,
		returnAll: true,
		limit: 0,
		keyset: { descending: qs.ordering !== 'id' },
	});
	// Should a conversation still come twice, keep its latest state.
	const byId = new Map<number, IDataObject>();
	for (const item of items) {
		const id = conversationId(item);
		if (!Number.isSafeInteger(id) || id <= 0) {
			throw new NodeOperationError(this.getNode(), 'Userlike listed a conversation without an ID', {
				description:
					'The conversation list did not have the shape the Userlike docs describe. Nothing was emitted; the next poll tries again.',
			});
		}
		const known = byId.get(id);
		if (!known || (timeOf(item.updated_at) ?? 0) >= (timeOf(known.updated_at) ?? 0)) {
			byId.set(id, item);
		}
	}
	return [...byId.values()];
}

/**
 * Activation: the highest conversation ID there is (1 request) and, unless only new conversations
 * matter, the conversations changed in the last OVERLAP_MS (1 request per 100): they changed before
 * activation, so no later poll emits them unless they change again. The cursor starts now.
 */
export async function initialState(
	this: IPollFunctions,
	settings: PollSettings,
	now: number,
): Promise<PollState> {
	const newest = await userlikeApiRequestAllItems.call(this, {
		endpoint: 'conversations/',
		// Default order: "sorted by their ID, in descending order".
		qs: {},
		returnAll: false,
		limit: 1,
	});
	const maxId = newest.length ? conversationId(newest[0]) || 0 : 0;
	const seen: Seen = {};
	const start = now - OVERLAP_MS;
	if (settings.event !== 'newConversation') {
		const recent = await listConversations.call(this, {
			...filterQuery.call(this, settings),
			updated_at_from_date: toUserlikeDate(start),
		});
		for (const conversation of recent) {
			const id = conversationId(conversation);
			// Created after the ID was read: new, so the first poll emits it.
			if (id > maxId) continue;
			seen[String(id)] = seenEntry(conversation, timeOf(conversation.updated_at) ?? now);
		}
	}
	const next = nextFrom(start, now, seen);
	return { version: STATE_VERSION, cursor: now, from: next.from, maxId, seen: next.seen };
}

interface Change {
	conversation: IDataObject;
	isNew: boolean;
	/** what this trigger knew of the conversation (listed since the next poll's `from`) */
	previous?: SeenEntry;
}

/**
 * The messages of a conversation sent since `since` (ms), newer than `afterId` and sent after
 * `afterTime` (ms), oldest first:
 * cursor pages of the messages endpoint, newest first, until a page reaches back past them;
 * undefined when the conversation no longer exists (404).
 * (Conversation messages: "cursor based pagination with a maximum page size of 100 messages";
 * `ordering=-id` lists the latest first.)
 */
async function messagesSince(
	this: IPollFunctions,
	id: number,
	since: number | undefined,
	afterId: number | undefined,
	afterTime: number | undefined,
): Promise<IDataObject[] | undefined> {
	const isOld = (message: IDataObject) =>
		(afterId !== undefined && Number(message.id) <= afterId) ||
		(afterTime !== undefined && (timeOf(message.created_at) ?? Infinity) <= afterTime) ||
		(since !== undefined && (timeOf(message.created_at) ?? Infinity) < since);
	let pages: IDataObject[];
	try {
		pages = await userlikeApiRequestAllItems.call(this, {
			endpoint: `conversations/${id}/messages/`,
			qs: { ordering: '-id' },
			returnAll: true,
			limit: 0,
			subject: `conversation with ID ${id}`,
			stopAfterPage: (page) => page.some(isOld),
		});
	} catch (error) {
		// Deleted after the list was read: there is nothing to report about it any more.
		if (error instanceof NodeApiError && error.httpCode === '404') return undefined;
		throw asNodeError(this.getNode(), error);
	}
	const seen = new Set<number>();
	return pages
		.filter((message) => {
			const messageId = Number(message.id);
			if (isOld(message) || seen.has(messageId)) return false;
			seen.add(messageId);
			return true;
		})
		.sort((a, b) => Number(a.id) - Number(b.id));
}

export interface PollOutcome {
	items: INodeExecutionData[];
	state: PollState;
	/** conversations that changed since the last poll (emitted or not, by the event chosen) */
	changed: number;
}

/** One poll after the first: what changed since `state`, and the state to keep if all went well. */
export async function pollChanges(
	this: IPollFunctions,
	state: PollState,
	settings: PollSettings,
	now: number,
): Promise<PollOutcome> {
	const from = state.from ?? state.cursor - OVERLAP_MS;
	const filters = filterQuery.call(this, settings);
	const newOnly = settings.event === 'newConversation';
	const listed = await listConversations.call(
		this,
		newOnly
			? { ...filters, id__gt: state.maxId, ordering: 'id' }
			: { ...filters, updated_at_from_date: toUserlikeDate(from) },
	);

	const changes: Change[] = [];
	for (const conversation of listed) {
		const id = conversationId(conversation);
		const previous = state.seen[String(id)];
		if (previous && previous[0] === changeSignature(conversation)) continue;
		changes.push({ conversation, isNew: id > state.maxId, previous });
	}
	changes.sort((a, b) => conversationId(a.conversation) - conversationId(b.conversation));

	const wanted = changes.filter((change) =>
		settings.event === 'newOrUpdated'
			? true
			: settings.event === 'newConversation'
				? change.isNew
				: !change.isNew,
	);

	const items: INodeExecutionData[] = [];
	const newestMessage = new Map<number, { id: number; time?: number }>();
	const deleted = new Set<number>();
	for (const change of wanted) {
		const id = conversationId(change.conversation);
		const json: IDataObject = {
			...(settings.simplify
				? simplify(change.conversation, conversationSimplifiedKeys)
				: change.conversation),
			event: change.isNew ? 'newConversation' : 'updatedConversation',
		};
		if (settings.includeNewMessages) {
			const messages = change.isNew
				? await messagesSince.call(this, id, undefined, undefined, undefined)
				: await messagesSince.call(
						this,
						id,
						from,
						change.previous?.[2] ?? undefined,
						change.previous?.[3] ?? undefined,
					);
			if (!messages) {
				deleted.add(id);
				continue;
			}
			json.new_messages = messages;
			const last = messages[messages.length - 1];
			if (last) newestMessage.set(id, { id: Number(last.id), time: timeOf(last.created_at) });
		}
		items.push({ json });
	}

	// Everything succeeded: the new state.
	const seen: Seen = { ...state.seen };
	let maxId = state.maxId;
	for (const change of changes) {
		const id = conversationId(change.conversation);
		maxId = Math.max(maxId, id);
		if (deleted.has(id)) {
			delete seen[String(id)];
			continue;
		}
		const message = newestMessage.get(id);
		const time = Math.max(
			timeOf(change.conversation.updated_at) ?? now,
			message?.time ?? -Infinity,
		);
		seen[String(id)] = seenEntry(change.conversation, time, message?.id, change.previous);
	}
	const next = nextFrom(from, now, seen);
	return {
		items,
		state: { version: STATE_VERSION, cursor: now, from: next.from, maxId, seen: next.seen },
		changed: changes.length,
	};
}
