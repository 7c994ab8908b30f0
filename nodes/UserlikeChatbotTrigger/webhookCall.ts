/**
 * Chatbot webhook calls: what Userlike POSTs to a bot's webhook URL. One trust boundary, one schema.
 *
 * What Userlike's Chatbot API docs promise, and all this schema requires:
 *   { "info": { "cid": "…", "contact": {…}, "context": {…}, "approach_mode": "normal" | "proactive",
 *               "widget": {…} },
 *     "packet": { "event": "start" | "message" | "click", "payload": {…} } }
 * `cid` and `packet.event` are required (a reply cannot be addressed without the cid). Everything else
 * is optional and passed through untouched: the docs do not describe the contact, widget or payload keys.
 *
 * Not in the docs, chosen here: the key of the clicked option in a click payload. The docs only say that
 * options are one-indexed; the first of `option`, `index`, `value`, `number` that holds a positive whole
 * number is read as the option number. Correct CLICK_OPTION_KEYS when real traffic shows the key.
 *
 * n8n's chat convention, added to every item: `chatInput` (what n8n's AI Agent reads as the prompt with
 * its default "Connected Chat Trigger Node" source) and `sessionId` (the key n8n's memory nodes read by
 * default) = the cid. Not in the docs, chosen here: the message text is the payload's `body` (the key
 * the docs name for the bot's own messages), else `text` or `message`; a click's text is the clicked
 * option's title when the payload carries one (`title`, `label`, `text`, `body`, or an `option` object
 * with a `title`), else the option number as text ("2"); `start` has no text: "".
 */
import { z } from 'zod';

export const CHATBOT_WEBHOOK_EVENTS = [
	{
		value: 'start',
		name: 'Chat Started',
		description: 'A contact started a chat with the bot: send a welcome message',
	},
	{
		value: 'message',
		name: 'Message Received',
		description: 'The contact wrote a message',
	},
	{
		value: 'click',
		name: 'Option Clicked',
		description:
			'The contact clicked an option of a bubbles or carousel element (options count from 1)',
	},
] as const;

export const CLICK_OPTION_KEYS = ['option', 'index', 'value', 'number'] as const;

/** Where a message's text is read from, in order (`body` is the key the docs name for messages). */
export const MESSAGE_TEXT_KEYS = ['body', 'text', 'message'] as const;

/** Where a click's option title is read from, in order. */
export const CLICK_TITLE_KEYS = ['title', 'label', 'text', 'body'] as const;

const jsonObject = z.record(z.unknown());

export const chatbotWebhookSchema = z
	.object(
		{
			info: z
				.object(
					{
						cid: z.preprocess(
							(cid) => (typeof cid === 'number' ? String(cid) : cid),
							z
								.string({
									required_error: 'info.cid is missing',
									invalid_type_error: 'info.cid must be a string',
								})
								.trim()
								.min(1, 'info.cid is empty'),
						),
						contact: jsonObject.nullish(),
						context: jsonObject.nullish(),
						approach_mode: z.string().nullish(),
						widget: jsonObject.nullish(),
					},
					{
						required_error: 'info is missing',
						invalid_type_error: 'info must be a JSON object',
					},
				)
				.passthrough(),
			packet: z
				.object(
					{
						event: z
							.string({
								required_error: 'packet.event is missing',
								invalid_type_error: 'packet.event must be a string',
							})
							.trim()
							.min(1, 'packet.event is empty'),
						payload: z.unknown().optional(),
					},
					{
						required_error: 'packet is missing',
						invalid_type_error: 'packet must be a JSON object',
					},
				)
				.passthrough(),
		},
		{
			required_error: 'The body is empty: Userlike sends a JSON object',
			invalid_type_error: 'The body must be a JSON object',
		},
	)
	.passthrough();

export type ChatbotWebhookCall = z.infer<typeof chatbotWebhookSchema>;

export type ParsedWebhookCall =
	| { ok: true; call: ChatbotWebhookCall }
	| { ok: false; reason: string };

export function parseChatbotWebhook(body: unknown): ParsedWebhookCall {
	const result = chatbotWebhookSchema.safeParse(body);
	if (!result.success) {
		const issue = result.error.issues[0];
		const path = issue.path.join('.');
		// zod's own messages ("Expected object, received string") name no field: add the path.
		const named =
			path && !issue.message.includes(path) ? `${path}: ${issue.message}` : issue.message;
		return { ok: false, reason: named };
	}
	return { ok: true, call: result.data };
}

/** The 1-based number of the clicked option, when the click payload carries one. */
export function clickedOptionNumber(payload: unknown): number | null {
	if (payload === null || typeof payload !== 'object') {
		const direct = Number(payload);
		return Number.isInteger(direct) && direct >= 1 ? direct : null;
	}
	for (const key of CLICK_OPTION_KEYS) {
		const value = (payload as Record<string, unknown>)[key];
		if (value === undefined || value === null || value === '' || typeof value === 'boolean')
			continue;
		const number = Number(value);
		if (Number.isInteger(number) && number >= 1) return number;
	}
	return null;
}

function firstText(source: unknown, keys: readonly string[]): string | undefined {
	if (source === null || typeof source !== 'object' || Array.isArray(source)) return undefined;
	for (const key of keys) {
		const value = (source as Record<string, unknown>)[key];
		if (typeof value === 'string' && value.trim()) return value;
	}
	return undefined;
}

/**
 * The text of a webhook call, for n8n's AI nodes (`chatInput`): a message's text, a click's option title
 * (or its number as text when the payload names no title), "" for start and for calls without text.
 */
export function chatInputOf(event: string, payload: unknown, optionNumber: number | null): string {
	if (event === 'message') {
		if (typeof payload === 'string') return payload;
		return firstText(payload, MESSAGE_TEXT_KEYS) ?? '';
	}
	if (event === 'click') {
		const title =
			firstText(payload, CLICK_TITLE_KEYS) ??
			firstText((payload as Record<string, unknown> | null)?.option, CLICK_TITLE_KEYS);
		if (title !== undefined) return title;
		return optionNumber === null ? '' : String(optionNumber);
	}
	return '';
}

/**
 * The output item: cid, event, payload, contact, context, approach_mode, widget, chatInput, sessionId
 * (n8n's chat convention, see chatInputOf). A missing context is
 * `{}` (so `$json.context.step` works on the first call); other missing fields are null. Click events
 * add the option twice, with the base spelled out: Userlike counts from 1, n8n arrays from 0.
 */
export function toOutputItem(call: ChatbotWebhookCall): Record<string, unknown> {
	const { info, packet } = call;
	const item: Record<string, unknown> = {
		cid: info.cid,
		event: packet.event,
		payload: packet.payload ?? {},
		contact: info.contact ?? null,
		context: info.context ?? {},
		approach_mode: info.approach_mode ?? null,
		widget: info.widget ?? null,
	};
	let number: number | null = null;
	if (packet.event === 'click') {
		number = clickedOptionNumber(packet.payload);
		item.clickedOptionNumber = number;
		item.clickedOptionIndex = number === null ? null : number - 1;
	}
	// n8n's chat convention: the AI Agent's default prompt and the memory nodes' default session key.
	item.chatInput = chatInputOf(packet.event, packet.payload, number);
	item.sessionId = info.cid;
	// Fields the docs do not name are kept, without overwriting the ones above.
	for (const [key, value] of Object.entries(info)) {
		if (!(key in item) && key !== 'cid') item[key] = value;
	}
	for (const [key, value] of Object.entries(packet)) {
		if (!(key in item)) item[`packet_${key}`] = value;
	}
	return item;
}
