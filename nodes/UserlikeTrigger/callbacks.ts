/**
 * Add-on API callbacks: what Userlike POSTs to the callback URL. One trust boundary, one schema.
 *
 * What the sources say:
 * - Userlike's add-on API docs: every callback is a JSON document identified by its `_type`
 *   (chat_session, conversation, um_widget, operator), and a callback exists per type and event (table
 *   below); custom data from the Messenger's JavaScript API arrives in `custom`.
 * - Public examples of real callbacks carry the event next to the type: `{"_type": "operator",
 *   "_event": "away", …}`. The value a workflow switches on is `<_type>.<_event>`.
 * - Nothing documents the rest of the payload: it is passed through untouched.
 *
 * Not in any source, chosen here: a callback without `_event` whose `_type` names a whole event in the
 * form of the docs' sample titles (`chat_session_start`) or with a dot (`chat_session.start`) is read
 * as that event; any other `_type` without `_event` is kept as the event name as it is.
 */
import { z } from 'zod';

export interface AddonEvent {
	value: string;
	name: string;
	description: string;
}

/** The 16 add-on events of Userlike's docs, by the values workflows see in `event`. */
export const ADDON_EVENTS: AddonEvent[] = [
	{
		value: 'chat_session.start',
		name: 'Conversation Session Started',
		description: 'A new conversation session is started',
	},
	{
		value: 'chat_session.message_received',
		name: 'Message Received',
		description: 'A contact sends a message in a conversation',
	},
	{
		value: 'chat_session.message_sent',
		name: 'Message Sent',
		description: 'An operator sends a message in a conversation',
	},
	{
		value: 'chat_session.unread',
		name: 'Session Ended Unread',
		description: 'A conversation session ends with messages not yet read by an operator',
	},
	{
		value: 'chat_session.end',
		name: 'Conversation Session Ended',
		description: 'A conversation session ends',
	},
	{
		value: 'conversation.ended',
		name: 'Conversation Ended',
		description: "A conversation's status is set to ended",
	},
	{
		value: 'chat_session.forward',
		name: 'Conversation Forwarded',
		description: 'A conversation is assigned to another operator (group)',
	},
	{
		value: 'chat_session.rating',
		name: 'Conversation Rated',
		description: 'A contact leaves a conversation rating',
	},
	{
		value: 'chat_session.feedback',
		name: 'Feedback Received',
		description: 'A contact leaves feedback on a conversation',
	},
	{
		value: 'chat_session.survey',
		name: 'Survey Answered',
		description: 'A contact answers the survey after a conversation was set to ended',
	},
	{ value: 'chat_session.goal', name: 'Goal Reached', description: 'A goal is reached' },
	{ value: 'operator.online', name: 'Operator Online', description: 'An operator goes online' },
	{ value: 'operator.offline', name: 'Operator Offline', description: 'An operator goes offline' },
	{ value: 'operator.away', name: 'Operator Away', description: 'An operator goes away' },
	{
		value: 'operator.back',
		name: 'Operator Back',
		description: 'An operator switches from away to online',
	},
	{
		value: 'um_widget.config',
		name: 'Widget Config Changed',
		description: "A Widget's configuration is changed",
	},
];

/** The "all events" choice of the trigger's Events parameter. */
export const ALL_EVENTS = '*';

const KNOWN_EVENTS = new Set(ADDON_EVENTS.map((event) => event.value));

const nonEmpty = (field: string) =>
	z
		.string({
			required_error: `${field} is missing`,
			invalid_type_error: `${field} must be a string`,
		})
		.trim()
		.min(1, `${field} is empty`);

/** A callback body: a JSON object with `_type`, optionally `_event`, and anything else Userlike sends. */
export const addonCallbackSchema = z
	.object(
		{
			_type: nonEmpty('_type'),
			_event: nonEmpty('_event').optional(),
		},
		{
			required_error: 'The body is empty: Userlike sends a JSON object',
			invalid_type_error: 'The body must be a JSON object',
		},
	)
	.passthrough();

export type AddonCallback = z.infer<typeof addonCallbackSchema>;

/** `<_type>.<_event>`, or the event `_type` names on its own (see the header of this file). */
export function eventOf(callback: AddonCallback): string {
	const type = callback._type;
	if (callback._event) return `${type}.${callback._event}`;
	if (type.includes('.')) return type;
	for (const known of KNOWN_EVENTS) {
		if (known.replace('.', '_') === type) return known;
	}
	return type;
}

export type ParsedCallback =
	| { ok: true; type: string; event: string; payload: Record<string, unknown> }
	| { ok: false; reason: string };

/** Validates a request body and names the first problem found. */
export function parseAddonCallback(body: unknown): ParsedCallback {
	// An array passes `typeof === 'object'`; zod rejects it as "expected object, received array".
	const result = addonCallbackSchema.safeParse(body);
	if (!result.success) {
		const issue = result.error.issues[0];
		return { ok: false, reason: issue.message };
	}
	const callback = result.data;
	const event = eventOf(callback);
	const type = event.includes('.') ? event.slice(0, event.indexOf('.')) : callback._type;
	return { ok: true, type, event, payload: body as Record<string, unknown> };
}

/**
 * The output item: the whole payload as Userlike sent it (including `custom`), plus `type` and `event`.
 * Should a payload carry its own `type` or `event` field, it is kept as `payload_type` / `payload_event`.
 */
export function toOutputItem(parsed: Extract<ParsedCallback, { ok: true }>) {
	const item: Record<string, unknown> = { ...parsed.payload };
	if ('type' in item && item.type !== parsed.type) item.payload_type = item.type;
	if ('event' in item && item.event !== parsed.event) item.payload_event = item.event;
	item.type = parsed.type;
	item.event = parsed.event;
	return item;
}
