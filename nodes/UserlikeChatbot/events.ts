/**
 * The events a workflow sends to Userlike's Chatbot API, built and validated in one place: one zod
 * schema per event type, one for the context, one for the envelope. Nothing is sent unless every event
 * passes.
 *
 * An event, as the Chatbot API docs describe it: `{ "info": { "cid": "…", "context": {…} },
 * "packet": { "event": "<type>", "payload": {…} } }`; a reply is a list of them, in order.
 *
 * What the docs name, and what is chosen here (correct it here when real traffic shows more):
 * | type           | docs                                              | payload built here                 |
 * | message        | "the content of the message under body"           | { body }                           |
 * | bubbles        | a message with buttons; clicks come back          | { body, options: [{ title }] }     |
 * | carousel       | like bubbles, with images on the buttons          | { body?, options: [{ title, image_url }] } |
 * | navigate       | target URL; "the message from the fallback key"   | { url, fallback }                  |
 * |                | `{{link}}` in it stands for the URL               |                                    |
 * | contact_update | one or more of name, email, mobile_number         | { name?, email?, mobile_number? }  |
 * | abort, end, forward_any | no payload named                         | {}                                 |
 * | forward_group  | "the given group"                                 | { group_id }                       |
 * | custom         | events newer than these docs (WhatsApp button and list templates …): any name, any JSON object |
 * Only `body`, `fallback`, `name`, `email` and `mobile_number` are named by the docs; `options`,
 * `title`, `image_url`, `url` and `group_id` are this package's reading. The node's "Additional Payload
 * Fields" option adds or overrides payload keys without waiting for a release.
 */
import { z } from 'zod';

export const REPLY_EVENT_TYPES = [
	'message',
	'bubbles',
	'carousel',
	'navigate',
	'contact_update',
	'abort',
	'end',
	'forward_group',
	'forward_any',
	'custom',
] as const;

export type ReplyEventType = (typeof REPLY_EVENT_TYPES)[number];

/** "Just make sure it's not bigger than 10 KB": read as 10 × 1024 bytes of UTF-8 JSON. */
export const CONTEXT_MAX_BYTES = 10 * 1024;

export const EVENT_LABELS: Record<ReplyEventType, string> = {
	message: 'Message',
	bubbles: 'Bubbles',
	carousel: 'Carousel',
	navigate: 'Navigate',
	contact_update: 'Update Contact',
	abort: 'Abort Bot',
	end: 'End Conversation',
	forward_group: 'Forward to Group',
	forward_any: 'Forward to Any Operator',
	custom: 'Custom Event',
};

/** Payload keys by the names the node's parameters show. */
const FIELD_LABELS: Record<string, string> = {
	body: 'Text',
	options: 'Options',
	title: 'Title',
	image_url: 'Image URL',
	url: 'URL',
	fallback: 'Fallback Message',
	name: 'Name',
	email: 'Email',
	mobile_number: 'Mobile Number',
	group_id: 'Group ID',
	customEventName: 'Event Name',
	customPayload: 'Payload (JSON)',
	cid: 'Chat Session ID',
	context: 'Context',
};

const text = z
	.string({ required_error: 'is required', invalid_type_error: 'must be text' })
	.trim()
	.min(1, 'is empty');

const httpUrl = text
	.url('is not a URL')
	.refine((value) => /^https?:\/\//i.test(value), 'must start with http:// or https://');

const bubbleOption = z.object({ title: text }).passthrough();
const carouselOption = z.object({ title: text, image_url: httpUrl }).passthrough();

export const payloadSchemas = {
	message: z.object({ body: text }).passthrough(),
	bubbles: z
		.object({
			body: text,
			options: z
				.array(bubbleOption, { required_error: 'is required' })
				.min(1, 'needs at least one button'),
		})
		.passthrough(),
	carousel: z
		.object({
			body: text.optional(),
			options: z
				.array(carouselOption, { required_error: 'is required' })
				.min(1, 'needs at least one card'),
		})
		.passthrough(),
	navigate: z.object({ url: httpUrl, fallback: text }).passthrough(),
	contact_update: z
		.object({
			name: text.optional(),
			email: text.email('is not an email address').optional(),
			mobile_number: text
				.regex(/^\+?[0-9][0-9 ()./-]{2,}$/, 'is not a phone number (digits, spaces, + ( ) - / .)')
				.optional(),
		})
		.passthrough()
		.refine(
			(payload) =>
				payload.name !== undefined ||
				payload.email !== undefined ||
				payload.mobile_number !== undefined,
			{ message: 'needs at least one of Name, Email and Mobile Number' },
		),
	abort: z.object({}).passthrough(),
	end: z.object({}).passthrough(),
	forward_group: z
		.object({
			group_id: z.preprocess(
				(value) =>
					value === '' || value === null
						? undefined
						: typeof value === 'string'
							? Number(value.trim())
							: value,
				z
					.number({ required_error: 'is required', invalid_type_error: 'must be a number' })
					.int('must be a whole number')
					.positive('must be a positive number'),
			),
		})
		.passthrough(),
	forward_any: z.object({}).passthrough(),
	// Sent as given: Userlike's newer events have no payload schema this package could rely on.
	custom: z.record(z.unknown(), { invalid_type_error: 'must be a JSON object' }),
} satisfies Record<ReplyEventType, z.ZodTypeAny>;

export const contextSchema = z
	.record(z.unknown(), { invalid_type_error: 'must be a JSON object' })
	.refine(
		(context) => byteLength(JSON.stringify(context)) <= CONTEXT_MAX_BYTES,
		(context) => ({
			message: `is ${byteLength(JSON.stringify(context))} bytes; Userlike keeps at most ${CONTEXT_MAX_BYTES} bytes (10 KB)`,
		}),
	);

function byteLength(value: string): number {
	// UTF-8 byte count without Buffer (node code stays free of Node.js globals).
	let bytes = 0;
	for (const char of value) {
		const code = char.codePointAt(0) ?? 0;
		bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
	}
	return bytes;
}

export interface ChatbotEvent {
	info: { cid: string; context?: Record<string, unknown> };
	/** `event` is one of REPLY_EVENT_TYPES except `custom`, or a Custom Event's name. */
	packet: { event: string; payload: Record<string, unknown> };
}

/** A Custom Event's name: sent as given, so only an empty name or one with spaces inside is refused. */
const eventName = text.regex(/^\S+$/, 'must not contain spaces');

const KNOWN_EVENTS = REPLY_EVENT_TYPES.filter((type) => type !== 'custom') as string[];

/** A complete event, e.g. one carried over from an earlier Userlike Chatbot Reply node. */
export const eventSchema = z
	.object({
		info: z.object({ cid: text, context: contextSchema.optional() }).passthrough(),
		packet: z.object({
			// A Custom Event carries its own name: any name is accepted, its payload only as an object.
			event: eventName,
			payload: z.record(z.unknown()).default({}),
		}),
	})
	.superRefine((event, ctx) => {
		if (!KNOWN_EVENTS.includes(event.packet.event)) return;
		const result = payloadSchemas[event.packet.event as ReplyEventType].safeParse(
			event.packet.payload,
		);
		if (!result.success) {
			for (const issue of result.error.issues) {
				ctx.addIssue({ ...issue, path: ['packet', 'payload', ...issue.path] } as z.IssueData);
			}
		}
	});

/** A problem with one field: `field` names it the way the node's parameters do. */
export class EventValidationError extends Error {
	constructor(
		readonly field: string,
		readonly problem: string,
		readonly path: string,
	) {
		super(field ? `${field} ${problem}` : problem);
		this.name = 'EventValidationError';
	}
}

/** What the node calls a payload's `options`: the Buttons of bubbles, the Cards of a carousel. */
const OPTIONS_LABELS: Partial<Record<string, string>> = { bubbles: 'Buttons', carousel: 'Cards' };

function describe(path: Array<string | number>, type?: string): { field: string; path: string } {
	const labels: string[] = [];
	let dotted = '';
	for (const segment of path) {
		if (typeof segment === 'number') {
			labels.push(`#${segment + 1}`);
			dotted += `[${segment}]`;
		} else {
			labels.push(
				(segment === 'options' && type && OPTIONS_LABELS[type]) || FIELD_LABELS[segment] || segment,
			);
			dotted += dotted ? `.${segment}` : segment;
		}
	}
	return { field: labels.join(' › '), path: dotted };
}

function fail(issue: z.ZodIssue, prefix: Array<string | number> = [], type?: string): never {
	const { field, path } = describe([...prefix, ...issue.path], type);
	throw new EventValidationError(field, issue.message, path);
}

export interface EventInput {
	cid: unknown;
	type: ReplyEventType;
	/** Custom Event only: the event name sent as `packet.event`. */
	eventName?: unknown;
	payload: Record<string, unknown>;
	/** Already parsed; undefined or empty: not sent. */
	context?: unknown;
}

/** Builds one event and validates it by its type's schema; throws EventValidationError. */
export function buildEvent(input: EventInput): ChatbotEvent {
	const cid = text.safeParse(typeof input.cid === 'number' ? String(input.cid) : input.cid);
	if (!cid.success) fail(cid.error.issues[0], ['cid']);
	const schema = payloadSchemas[input.type] as z.ZodTypeAny | undefined;
	if (!schema) {
		throw new EventValidationError(
			'Event',
			`"${String(input.type)}" is not a chatbot event (${REPLY_EVENT_TYPES.join(', ')})`,
			'packet.event',
		);
	}
	let name: string = input.type;
	if (input.type === 'custom') {
		const parsed = eventName.safeParse(input.eventName);
		if (!parsed.success) fail(parsed.error.issues[0], ['customEventName']);
		name = parsed.data;
	}
	const payload = schema.safeParse(input.payload);
	if (!payload.success)
		fail(payload.error.issues[0], input.type === 'custom' ? ['customPayload'] : [], input.type);
	const event: ChatbotEvent = {
		info: { cid: cid.data },
		packet: { event: name, payload: payload.data as Record<string, unknown> },
	};
	if (input.context !== undefined && !isEmptyContext(input.context)) {
		const context = contextSchema.safeParse(input.context);
		if (!context.success) fail(context.error.issues[0], ['context']);
		event.info.context = context.data;
	}
	return event;
}

/** Userlike ignores an empty context and keeps the previous one: such a context is not sent at all. */
export function isEmptyContext(context: unknown): boolean {
	return (
		context === null ||
		context === '' ||
		(typeof context === 'object' && !Array.isArray(context) && Object.keys(context).length === 0)
	);
}

/** Validates events handed on by an earlier Userlike Chatbot Reply node. */
export function parseCarriedEvents(value: unknown): ChatbotEvent[] {
	if (!Array.isArray(value)) {
		throw new EventValidationError(
			'userlikeChatbotEvents',
			'must be a list of events',
			'userlikeChatbotEvents',
		);
	}
	return value.map((candidate, index) => {
		const result = eventSchema.safeParse(candidate);
		if (!result.success) fail(result.error.issues[0], ['userlikeChatbotEvents', index]);
		return result.data as ChatbotEvent;
	});
}
