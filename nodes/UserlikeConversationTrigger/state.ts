/**
 * The Userlike Conversation Trigger's memory between polls (n8n's static data): where the next poll
 * starts reading, the highest conversation ID known, and what it already emitted of each conversation
 * changed since then. See ./changes.ts for how the polls use it.
 */
import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import { MAX_PAGE_SIZE } from '../shared/jsonApi/constants';

/**
 * How far back each poll looks before the previous poll's start: n8n's clock may be this far ahead of
 * Userlike's, and a change may become visible this long after Userlike stamped it. Changes inside it
 * are listed again by the next poll (and left out by their `updated_at`), at most RELIST_MAX of them.
 */
export const OVERLAP_MS = 30 * 1000;

/**
 * The most conversations already read that a poll lists again (one page of 100, minus one so that a
 * full page never needs a second request to see that the list ended).
 */
export const RELIST_MAX = MAX_PAGE_SIZE - 1;

export const STATE_VERSION = 1;

/**
 * id -> [what identifies the change (updated_at), its time in ms (the later of updated_at and the
 * newest message emitted), newest message ID emitted (or null), last_message_sent_at listed in ms]
 */
export type SeenEntry = [string, number, (number | null)?, (number | null)?];
export type Seen = Record<string, SeenEntry>;

export interface PollState {
	version: number;
	/** when the last successful poll started (ms, n8n's clock) */
	cursor: number;
	/** what the next poll asks from (updated_at_from_date, ms); absent in older states: cursor - OVERLAP_MS */
	from?: number;
	/** the highest conversation ID known at the last successful poll */
	maxId: number;
	seen: Seen;
}

export function timeOf(value: unknown): number | undefined {
	if (typeof value !== 'string' || !value) return undefined;
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? undefined : ms;
}

/** What tells one state of a conversation from the next: `updated_at`, else a digest of the item. */
export function changeSignature(conversation: IDataObject): string {
	if (typeof conversation.updated_at === 'string' && conversation.updated_at) {
		return conversation.updated_at;
	}
	return createHash('sha256').update(JSON.stringify(conversation)).digest('base64url');
}

/**
 * Where the next poll starts reading (`updated_at_from_date`), and the entries of `seen` it needs: at
 * least the previous `from` (never back: what lies before was read and is forgotten), at least
 * `cursor - OVERLAP_MS`, and past all but the RELIST_MAX newest conversations already read (so that
 * an idle poll lists at most RELIST_MAX conversations again: 1 request).
 */
export function nextFrom(
	previousFrom: number,
	cursor: number,
	seen: Seen,
): { from: number; seen: Seen } {
	let from = Math.max(previousFrom, cursor - OVERLAP_MS);
	const times = Object.values(seen)
		.map((entry) => entry[1])
		.filter((time) => time >= from)
		.sort((a, b) => b - a);
	if (times.length > RELIST_MAX) from = Math.max(from, times[RELIST_MAX] + 1);
	const kept: Seen = {};
	for (const [id, entry] of Object.entries(seen)) if (entry[1] >= from) kept[id] = entry;
	return { from, seen: kept };
}

export function seenEntry(
	conversation: IDataObject,
	time: number,
	lastMessageId?: number,
	previous?: SeenEntry,
): SeenEntry {
	const listedLastMessage = timeOf(conversation.last_message_sent_at) ?? previous?.[3] ?? null;
	const messageId = lastMessageId ?? previous?.[2] ?? null;
	return [changeSignature(conversation), time, messageId, listedLastMessage];
}

export function readState(staticData: IDataObject): PollState | undefined {
	const state = staticData.conversationTrigger as PollState | undefined;
	if (
		!state ||
		state.version !== STATE_VERSION ||
		typeof state.cursor !== 'number' ||
		typeof state.maxId !== 'number'
	) {
		return undefined;
	}
	return {
		...state,
		from: typeof state.from === 'number' ? state.from : state.cursor - OVERLAP_MS,
		seen: { ...(state.seen ?? {}) },
	};
}

export function writeState(staticData: IDataObject, state: PollState): void {
	staticData.conversationTrigger = state as unknown as IDataObject;
}
