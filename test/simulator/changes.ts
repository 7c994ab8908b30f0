/**
 * Test tooling: changes to conversations and messages as Userlike makes them while a trigger polls
 * (a new conversation, a status change, a message sent, a deletion), stamped with the simulator's clock
 * (`behaviour.now`), so that a test controls the timestamps the filters see.
 *
 * Userlike's JSON API documentation ("Fetching conversations that were recently created or updated",
 * https://www.userlike.com/en/public/tutorial/um/api/intro and https://docs.userlike.com/developers/api/json):
 * "Whenever changes are made to the conversation or a message is sent in it, this timestamp is updated."
 * So every change below sets the conversation's `updated_at`.
 */
import type {
	ConversationRecord,
	ConversationStatus,
	MessageRecord,
	UserlikeSimulator,
} from './types';

function isoNow(sim: UserlikeSimulator, at?: number): string {
	return new Date(at ?? sim.behaviour.now()).toISOString();
}

function nextId(items: Array<{ id: number }>): number {
	let max = 0;
	for (const item of items) if (item.id > max) max = item.id;
	return max + 1;
}

function conversation(sim: UserlikeSimulator, id: number): ConversationRecord {
	const found = sim.data.conversations.find((c) => c.id === id);
	if (!found) throw new Error(`the simulator has no conversation ${id}`);
	return found;
}

export interface NewConversation {
	organization_id?: number;
	status?: ConversationStatus;
	operator_id?: number | null;
	um_widget_id?: number;
	topic_ids?: number[];
	contact_identity_id?: number;
	subject?: string;
	/** the creation time in ms (default: the simulator's clock) */
	at?: number;
	/** a first message from the contact (default true) */
	withMessage?: boolean;
}

/** A new conversation (ID above every other), optionally with a first contact message; returns it. */
export function createConversation(
	sim: UserlikeSimulator,
	spec: NewConversation = {},
): ConversationRecord {
	const now = isoNow(sim, spec.at);
	const organizationId = spec.organization_id ?? 1;
	const template =
		sim.data.conversations.find((c) => c.organization_id === organizationId) ??
		sim.data.conversations[0];
	const record: ConversationRecord = {
		...template,
		id: nextId(sim.data.conversations),
		organization_id: organizationId,
		status: spec.status ?? 'new',
		ongoing: true,
		topic_ids: spec.topic_ids ?? [],
		contact_identity_id: spec.contact_identity_id ?? template.contact_identity_id,
		operator_id: spec.operator_id === undefined ? null : spec.operator_id,
		um_widget_id: spec.um_widget_id ?? template.um_widget_id,
		subject: spec.subject ?? 'New conversation',
		rating: null,
		created_at: now,
		updated_at: now,
		contact_first_message_sent_at: null,
		contact_last_message_sent_at: null,
		last_message_sent_at: null,
	};
	sim.data.conversations.push(record);
	if (spec.withMessage !== false) {
		addMessage(sim, record.id, { body: 'Hello, I have a question.', at: spec.at });
	}
	return record;
}

/** Changes fields of a conversation (status, operator, topics, ...) and stamps `updated_at`. */
export function updateConversation(
	sim: UserlikeSimulator,
	id: number,
	changes: Partial<Omit<ConversationRecord, 'id' | 'organization_id'>> = {},
	at?: number,
): ConversationRecord {
	const record = conversation(sim, id);
	Object.assign(record, changes, { updated_at: isoNow(sim, at) });
	return record;
}

export interface NewMessage {
	body?: string;
	sender_type?: MessageRecord['sender_type'];
	/** the time in ms (default: the simulator's clock) */
	at?: number;
}

/** A message sent in a conversation (ID above every other message): a change of the conversation. */
export function addMessage(
	sim: UserlikeSimulator,
	conversationId: number,
	spec: NewMessage = {},
): MessageRecord {
	const record = conversation(sim, conversationId);
	const now = isoNow(sim, spec.at);
	const senderType = spec.sender_type ?? 'contact';
	const message: MessageRecord = {
		id: nextId(sim.data.messages),
		conversation_id: conversationId,
		type: senderType === 'contact' ? 'co' : 'ct',
		sender_type: senderType,
		event: null,
		body: spec.body ?? 'A new message',
		sender: null,
		created_at: now,
	};
	sim.data.messages.push(message);
	record.updated_at = now;
	record.last_message_sent_at = now;
	if (senderType === 'contact') {
		record.contact_first_message_sent_at ??= now;
		record.contact_last_message_sent_at = now;
	}
	return message;
}

/** Deletes a conversation with its messages and notes (as the DELETE endpoint does, ongoing or not). */
export function removeConversation(sim: UserlikeSimulator, id: number): void {
	conversation(sim, id);
	const keep = <T>(items: T[], predicate: (item: T) => boolean) => {
		const kept = items.filter(predicate);
		items.length = 0;
		items.push(...kept);
	};
	keep(sim.data.conversations, (c) => c.id !== id);
	keep(sim.data.messages, (m) => m.conversation_id !== id);
	keep(sim.data.notes, (n) => n.conversation_id !== id);
}

/**
 * The same changes over HTTP, for a sandbox in another process (npm start) and anyone with curl
 * (test tooling, not Userlike's API; no token needed; the sandbox listens on 127.0.0.1 only):
 *   POST   /sandbox/conversations/                 {status?, operator_id?, um_widget_id?, subject?}
 *   POST   /sandbox/conversations/{id}/messages/   {body?, sender_type?}
 *   PATCH  /sandbox/conversations/{id}/            {status?, operator_id?, subject?, ...}
 *   DELETE /sandbox/conversations/{id}/
 */
export function addChangeRoutes(sim: UserlikeSimulator): void {
	const body = (value: unknown): Record<string, unknown> =>
		value && typeof value === 'object' && !Array.isArray(value)
			? (value as Record<string, unknown>)
			: {};
	const guard = (handler: () => { status: number; body?: unknown }) => {
		try {
			return handler();
		} catch (error) {
			return { status: 404, body: { detail: (error as Error).message } };
		}
	};
	sim.route('POST', /^\/sandbox\/conversations\/?$/, (ctx) =>
		guard(() => ({
			status: 201,
			body: createConversation(sim, body(ctx.body) as NewConversation),
		})),
	);
	sim.route('POST', /^\/sandbox\/conversations\/(\d+)\/messages\/?$/, (ctx) =>
		guard(() => {
			const spec = body(ctx.body);
			return {
				status: 201,
				body: addMessage(sim, Number(ctx.match[1]), {
					body: typeof spec.body === 'string' ? spec.body : undefined,
					sender_type: spec.sender_type as MessageRecord['sender_type'] | undefined,
				}),
			};
		}),
	);
	sim.route('PATCH', /^\/sandbox\/conversations\/(\d+)\/?$/, (ctx) =>
		guard(() => ({
			status: 200,
			body: updateConversation(sim, Number(ctx.match[1]), body(ctx.body)),
		})),
	);
	sim.route('DELETE', /^\/sandbox\/conversations\/(\d+)\/?$/, (ctx) =>
		guard(() => {
			removeConversation(sim, Number(ctx.match[1]));
			return { status: 204 };
		}),
	);
}
