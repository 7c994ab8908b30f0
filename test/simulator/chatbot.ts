/**
 * The chatbot API URL of Userlike's Chatbot API (https://docs.userlike.com/developers/api/chatbot-api),
 * added to a Userlike simulator:
 *
 *   const sim = await createUserlikeSimulator();
 *   const bot = addChatbotApi(sim);   // bot.apiUrl, bot.securityToken
 *   ... POST events to bot.apiUrl with the SECURITY-TOKEN header ...
 *   bot.accepted   // the events Userlike would have triggered, in order
 *
 * Every behaviour quotes the passage of that page it implements (`// docs: "..."`); choices the docs
 * leave open are marked `// not in the docs: ...`.
 */
import type { RouteContext, RouteResult, UserlikeSimulator } from './types';
import { REPLY_EVENTS } from '../contract';

export const CHATBOT_SECURITY_TOKEN = 'sim-chatbot-security-token-0123456789';
export const CHATBOT_BOT_ID = 'b7d1e2';

// docs: "you can only send 20 requests that use the same cid per minute"
export const CHATBOT_REQUESTS_PER_MINUTE = 20;
export const CHATBOT_WINDOW_MS = 60_000;
// docs: "which can be any valid JSON object. Just make sure it's not bigger than 10 KB"
// not in the docs: 10 KB read as 10 × 1024 bytes of UTF-8 JSON
export const CHATBOT_CONTEXT_MAX_BYTES = 10 * 1024;

// docs: "Those actions are available: message, bubbles, carousel, navigate, contact_update, abort, end,
// forward_group, forward_any"
export const CHATBOT_EVENT_TYPES: readonly string[] = REPLY_EVENTS;

export interface AcceptedEvent {
	cid: string;
	event: string;
	payload: Record<string, unknown>;
	context?: Record<string, unknown>;
	/** the clock of the simulator when the event was accepted */
	at: number;
}

export interface ChatbotApi {
	/** the bot's API URL */
	apiUrl: string;
	securityToken: string;
	/** every event accepted, in the order Userlike would trigger them */
	accepted: AcceptedEvent[];
	/** the context Userlike keeps per chat session (what it would echo in the next webhook call) */
	contexts: Map<string, Record<string, unknown>>;
	/** accepted requests per cid (the times counted for the rate limit) */
	requestTimes: Map<string, number[]>;
	/**
	 * Event names newer than the documented ones (e.g. WhatsApp or list templates) that this Userlike
	 * accepts, with any object as payload; empty by default (unknown names are refused). Not reset.
	 */
	extraEvents: Set<string>;
	/** the simulator's requests to the API URL */
	requests(): UserlikeSimulator['requests'];
	reset(): void;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const nonEmptyString = (value: unknown) => typeof value === 'string' && value.trim().length > 0;

function utf8Bytes(value: string): number {
	return new TextEncoder().encode(value).length;
}

function isHttpUrl(value: unknown): boolean {
	if (!nonEmptyString(value)) return false;
	try {
		return /^https?:$/.test(new URL(String(value)).protocol);
	} catch {
		return false;
	}
}

/** The first problem of one event, as "<path>: <reason>", or undefined. */
function validateEvent(
	event: unknown,
	at: string,
	extraEvents: ReadonlySet<string> = new Set(),
): string | undefined {
	if (!isObject(event)) return `${at}: must be an object`;
	const { info, packet } = event;
	// docs: "It always needs a cid specified inside the info."
	if (!isObject(info)) return `${at}.info: This field is required.`;
	if (!nonEmptyString(info.cid)) return `${at}.info.cid: This field is required.`;
	if (info.context !== undefined) {
		if (!isObject(info.context)) return `${at}.info.context: must be a JSON object.`;
		const bytes = utf8Bytes(JSON.stringify(info.context));
		if (bytes > CHATBOT_CONTEXT_MAX_BYTES) {
			return `${at}.info.context: must not be bigger than 10 KB (${bytes} bytes).`;
		}
	}
	// docs: "packet also always needs an event name."
	if (!isObject(packet)) return `${at}.packet: This field is required.`;
	// not in the docs: newer events (extraEvents) are accepted with any object as payload
	const known = CHATBOT_EVENT_TYPES.includes(String(packet.event));
	if (!known && !extraEvents.has(String(packet.event))) {
		return `${at}.packet.event: "${String(packet.event)}" is not a valid choice.`;
	}
	const payload = packet.payload === undefined ? {} : packet.payload;
	if (!isObject(payload)) return `${at}.packet.payload: must be an object.`;
	const p = `${at}.packet.payload`;
	switch (packet.event) {
		// docs: "In this case we have to provid the content of the message under body"
		case 'message':
			return nonEmptyString(payload.body) ? undefined : `${p}.body: This field is required.`;
		// docs: "Send a message to the contact, together with different buttons to click on."
		// not in the docs: the keys body, options[].title
		case 'bubbles': {
			if (!nonEmptyString(payload.body)) return `${p}.body: This field is required.`;
			if (!Array.isArray(payload.options) || !payload.options.length) {
				return `${p}.options: This field is required.`;
			}
			const bad = payload.options.findIndex(
				(option) => !isObject(option) || !nonEmptyString(option.title),
			);
			return bad >= 0 ? `${p}.options[${bad}].title: This field is required.` : undefined;
		}
		// docs: "Similarly to bubbles, but with images on the buttons."
		// not in the docs: the keys options[].title, options[].image_url
		case 'carousel': {
			if (!Array.isArray(payload.options) || !payload.options.length) {
				return `${p}.options: This field is required.`;
			}
			for (let i = 0; i < payload.options.length; i++) {
				const option = payload.options[i];
				if (!isObject(option) || !nonEmptyString(option.title))
					return `${p}.options[${i}].title: This field is required.`;
				if (!isHttpUrl(option.image_url)) return `${p}.options[${i}].image_url: Enter a valid URL.`;
			}
			return undefined;
		}
		// docs: "the message from the fallback key will be sent to the contact"
		// not in the docs: the key url
		case 'navigate':
			if (!isHttpUrl(payload.url)) return `${p}.url: Enter a valid URL.`;
			return nonEmptyString(payload.fallback)
				? undefined
				: `${p}.fallback: This field is required.`;
		// docs: "You only need to provide one of name, email or mobile_number."
		case 'contact_update':
			if (!['name', 'email', 'mobile_number'].some((key) => nonEmptyString(payload[key]))) {
				return `${p}: One of name, email or mobile_number is required.`;
			}
			if (
				payload.email !== undefined &&
				!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(payload.email))
			) {
				return `${p}.email: Enter a valid email address.`;
			}
			return undefined;
		// docs: "forward the conversation to any available operator from the given group"
		// not in the docs: the key group_id
		case 'forward_group':
			return Number.isInteger(payload.group_id) && (payload.group_id as number) > 0
				? undefined
				: `${p}.group_id: A valid integer is required.`;
		default:
			return undefined;
	}
}

/** Registers the chatbot API URL on `sim` (POST only; other methods answer 405 through the router). */
export function addChatbotApi(
	sim: UserlikeSimulator,
	options: { botId?: string; securityToken?: string } = {},
): ChatbotApi {
	const botId = options.botId ?? CHATBOT_BOT_ID;
	const path = `/api/chatbot/${botId}/`;
	const api: ChatbotApi = {
		apiUrl: `${sim.url}${path}`,
		securityToken: options.securityToken ?? CHATBOT_SECURITY_TOKEN,
		accepted: [],
		extraEvents: new Set(),
		contexts: new Map(),
		requestTimes: new Map(),
		requests: () => sim.requests.filter((request) => request.path === path),
		reset() {
			api.accepted.length = 0;
			api.contexts.clear();
			api.requestTimes.clear();
		},
	};

	sim.route('POST', new RegExp(`^/api/chatbot/([^/]+)/?$`), (ctx: RouteContext): RouteResult => {
		// not in the docs: another bot's URL answers 404 like any unknown path
		if (ctx.match[1] !== botId) return { status: 404, body: { detail: 'Not found.' } };
		// docs: "Each API call you make needs the token specified as "SECURITY-TOKEN" HTTP Header Field."
		// not in the docs: 401 without the header, 403 with a wrong one (Django REST Framework's split)
		const token = ctx.headers['security-token'];
		if (token === undefined)
			return { status: 401, body: { detail: 'Authentication credentials were not provided.' } };
		if (token !== api.securityToken)
			return { status: 403, body: { detail: 'Invalid security token.' } };

		// docs: "You can also send the same JSON as a new request to our API endpoint." (a list of events)
		// not in the docs: a single event object is accepted as a list of one; anything else is 400
		if (ctx.body === undefined || typeof ctx.body === 'string') {
			return { status: 400, body: { detail: 'JSON parse error: expected a list of events.' } };
		}
		const events = Array.isArray(ctx.body) ? ctx.body : [ctx.body];

		// docs: "you can only send 20 requests that use the same cid per minute. When the limit is reached,
		// we will respond with 429 status code."
		// not in the docs: a sliding minute; throttled requests do not count; Retry-After in seconds
		const now = sim.behaviour.now();
		const cids = [
			...new Set(
				events
					.map((event) => (isObject(event) && isObject(event.info) ? event.info.cid : undefined))
					.filter((cid): cid is string => nonEmptyString(cid)),
			),
		];
		for (const cid of cids) {
			const times = (api.requestTimes.get(cid) ?? []).filter(
				(time) => time > now - CHATBOT_WINDOW_MS,
			);
			api.requestTimes.set(cid, times);
			if (times.length >= CHATBOT_REQUESTS_PER_MINUTE) {
				const seconds = Math.max(1, Math.ceil((times[0] + CHATBOT_WINDOW_MS - now) / 1000));
				return {
					status: 429,
					headers: { 'Retry-After': String(seconds) },
					body: { detail: `Request was throttled. Expected available in ${seconds} seconds.` },
				};
			}
		}
		for (const cid of cids) api.requestTimes.get(cid)?.push(now);

		for (let i = 0; i < events.length; i++) {
			const problem = validateEvent(events[i], `[${i}]`, api.extraEvents);
			// not in the docs: one invalid event rejects the whole request, nothing is triggered
			if (problem) return { status: 400, body: { detail: problem } };
		}
		for (const event of events as Json[]) {
			const info = event.info as Json;
			const packet = event.packet as Json;
			const cid = String(info.cid);
			const context = info.context as Json | undefined;
			// docs: "we will completely overwrite the previous context object, if you provide a new one. If you
			// send us an empty context, we will ignore it and keep the previous one."
			if (context && Object.keys(context).length) api.contexts.set(cid, context);
			api.accepted.push({
				cid,
				event: String(packet.event),
				payload: (packet.payload as Json | undefined) ?? {},
				...(context ? { context } : {}),
				at: now,
			});
		}
		// not in the docs: the answer body; an empty list (nothing to trigger) is answered the same way
		return { status: 200, body: { status: 'ok', triggered: events.length } };
	});

	return api;
}
