/**
 * Types of the local Userlike JSON API simulator (test/simulator).
 *
 * The records in `SimulatorData` are the simulator's live store. They hold foreign keys only;
 * embedded objects (a conversation's `contact`, an operator's `organization`, ...) are built from
 * the store when a response is rendered, so a test that edits one record sees the change everywhere.
 */

export type ApiVersion = 'v2' | 'v3';

/** The quota counters of the docs' "API rate limits" are kept per organization and per resource. */
export type QuotaResource =
	| 'conversations'
	| 'notes'
	| 'navigation'
	| 'contact_identities'
	| 'operators';

export interface Organization {
	id: number;
	name: string;
}

export interface TokenRecord {
	token: string;
	/** docs: "the "customer authentication token", allowing access to the resources of all organizations, and the "organization authentication token"" */
	type: 'organization' | 'customer';
	/** organization token: its organization; customer token: its default organization */
	organization_id: number;
	/** customer token only: every organization it may act for with `Userlike-Organization-Id` */
	organization_ids?: number[];
}

export interface OperatorGroup {
	id: number;
	organization_id: number;
	name: string;
}

export interface Widget {
	id: number;
	organization_id: number;
	name: string;
}

export interface Topic {
	id: number;
	organization_id: number;
	name: string;
}

export type OperatorRole = 'owner' | 'admin' | 'operator' | 'read_only';

/** The 26 notification switches of the docs' operator PATCH table (plus out_of_office, kept apart). */
export const OPERATOR_NOTIFICATION_FIELDS = [
	'um_notification_message_receive',
	'um_notification_chat_session_forward',
	'um_notification_conversation_rating',
	'um_notification_conversation_feedback',
	'um_notification_conversation_post_survey',
	'um_notification_conversation_goal',
	'um_notification_conversation_end',
	'um_notification_conversation_offline_assigned',
	'um_notification_conversation_live',
	'um_notification_conversation_not_live',
	'um_notification_conversation_end_own',
	'um_notification_conversation_feedback_own',
	'um_notification_conversation_goal_own',
	'um_notification_conversation_offline_unassigned',
	'um_notification_conversation_started',
	'um_notification_conversation_post_survey_own',
	'um_notification_conversation_rating_own',
	'um_notification_operator_availability',
	'sound_connect',
	'sound_disconnect',
	'sound_message_new',
	'sound_operator_off',
	'sound_operator_on',
	'sound_conversation_live',
	'sound_conversation_offline',
	'notification_mute',
] as const;

export type OperatorNotificationField = (typeof OPERATOR_NOTIFICATION_FIELDS)[number];

export type OperatorRecord = {
	id: number;
	organization_id: number;
	name: string;
	first_name: string;
	last_name: string;
	email: string;
	role: OperatorRole;
	is_bot: boolean;
	operator_group_id: number | null;
	created_at: string;
	out_of_office: boolean;
	/** docs: "Whether the operator is available to chat" (online vs away) */
	available: boolean;
	/** docs: "Whether the operator is currently connected to the Message Center" */
	connected: boolean;
	slots_total: number;
	slots_used: number;
} & Record<OperatorNotificationField, boolean>;

export interface ContactRecord {
	id: number;
	uuid: string;
	organization_id: number;
	name: string;
	email: string | null;
	salutation: string;
	gender: string;
	street: string;
	city: string;
	country: string;
	phone_number: string;
	mobile_number: string;
	contact_by_phone: boolean;
	contact_by_email: boolean;
	contact_by_userlike_messenger: boolean;
	contact_by_userlike_channels: boolean;
	url_facebook: string | null;
	url_twitter: string | null;
	url_linkedin: string | null;
	url_profile_picture: string | null;
	external_customer_id: string | null;
	notes: string;
	locale: string;
	verified: boolean;
	created_at: string;
	last_active_at: string | null;
}

export type ConversationStatus = 'new' | 'open' | 'pending' | 'ended';

export interface ConversationRecord {
	id: number;
	organization_id: number;
	status: ConversationStatus;
	ongoing: boolean;
	topic_ids: number[];
	contact_identity_id: number;
	operator_id: number | null;
	um_widget_id: number;
	subject: string;
	channel: string;
	rating: number | null;
	created_at: string;
	updated_at: string;
	contact_first_message_sent_at: string | null;
	contact_last_message_sent_at: string | null;
	last_message_sent_at: string | null;
	contact_last_update_at: string | null;
}

export type MessageType =
	| 'notification'
	| 'upload'
	| 'co'
	| 'ct'
	| 'link'
	| 'call_event'
	| 'call_offer';
export type SenderType = 'contact' | 'operator' | 'bot' | 'system';

export interface MessageRecord {
	id: number;
	conversation_id: number;
	type: MessageType;
	sender_type: SenderType;
	event: string | null;
	body: string;
	sender: { id: number; name: string } | null;
	created_at: string;
}

export interface NoteRecord {
	id: number;
	organization_id: number;
	body: string;
	conversation_id: number | null;
	contact_identity_id: number | null;
	operator_id: number | null;
	created_at: string;
}

export interface NavigationRecord {
	id: number;
	organization_id: number;
	url: string;
	title: string;
	referrer: string;
	contact_identity_id: number;
	conversation_id: number | null;
	created_at: string;
}

export interface SimulatorData {
	organizations: Organization[];
	tokens: TokenRecord[];
	/** The account's operator: requests without `Userlike-Operator-Id` run as this operator (docs: "By default, API requests run in the context of the account's operator"). */
	accountOwnerId: number;
	operatorGroups: OperatorGroup[];
	widgets: Widget[];
	topics: Topic[];
	operators: OperatorRecord[];
	contacts: ContactRecord[];
	conversations: ConversationRecord[];
	messages: MessageRecord[];
	notes: NoteRecord[];
	navigation: NavigationRecord[];
}

export interface SeedOptions {
	/** conversations of organization 1 (default 60); organization 2 always gets 8 */
	conversations?: number;
	/** contacts of organization 1 (default 40); organization 2 always gets 6 */
	contacts?: number;
	/** operators of organization 1 incl. the owner (default 6); organization 2 always gets 2 */
	operators?: number;
	/** messages in every conversation (default 6) */
	messagesPerConversation?: number;
	/** notes of organization 1 (default 20, alternately on conversations and contacts); organization 2 always gets 4 */
	notes?: number;
	/** navigation events of organization 1 (default 80); organization 2 always gets 10 */
	navigation?: number;
	/** PRNG seed (default 20240611) */
	random?: number;
	/** the seeded data ends shortly before this instant (default 2025-06-02T12:00:00.000Z) */
	referenceTime?: string;
}

export interface SimulatorOptions {
	/** 0 or absent: a random free port */
	port?: number;
	seed?: SeedOptions;
}

export interface RecordedRequest {
	method: string;
	/** the path without the query string */
	path: string;
	/** decoded query parameters (the last value wins when a name repeats) */
	query: Record<string, string>;
	/** lower-cased header names */
	headers: Record<string, string>;
	/** parsed JSON, the raw string when it is not JSON, undefined when there was no body */
	body: unknown;
	rawBody: string;
	/** the status answered; 0 when the connection was reset (failNext with reset), -1 when never answered (silent) */
	status: number;
	/** when the request arrived (ms since epoch, the real clock) */
	at?: number;
	/** set for Userlike JSON API requests that passed authentication */
	organizationId?: number;
	/** the operator the request ran as (Userlike-Operator-Id, or the account owner) */
	operatorId?: number;
	/** the quota resource the request counted against */
	resource?: QuotaResource;
	apiVersion?: ApiVersion;
}

export interface FailNextEntry {
	/** the status to answer (default 503) */
	status?: number;
	/** destroy the socket instead of answering */
	reset?: boolean;
	/** the body to answer (default `{"detail": "Simulated failure."}`) */
	body?: unknown;
	headers?: Record<string, string>;
	/** only a request matching all given conditions consumes the entry */
	match?: { method?: string; pathIncludes?: string };
	/** let this many matching requests through first (e.g. 1: fail the second page, whatever its link) */
	skip?: number;
	/** answer what the route answers, but only the first half of its body (Content-Length of the half) */
	truncate?: boolean;
	/** answer `status` (default 200) with exactly this text, e.g. an HTML page; `contentType` default text/html */
	rawBody?: string;
	contentType?: string;
	/** accept the request and never answer (the socket stays open until the client gives up) */
	silent?: boolean;
	/** answer what the route answers, one byte every `trickleMs` */
	trickleMs?: number;
	/** answer `status` (default 302) with `Location: redirect`, without running the route or checking the token */
	redirect?: string;
	/** the error body's detail repeats the value of this request header (a server that echoes the token) */
	echoHeader?: string;
}

/** Faults of the `next` links of list answers (offset and cursor pages alike). */
export type NextLinkFault =
	/** the next link of the `page`-th list answer points to that same page, `times` times over */
	| {
			kind: 'repeat';
			page: number;
			times: number;
			/** add `&repeat=<n>` so each link differs */ distinct?: boolean;
	  }
	/** from the `page`-th list answer on, the next link points back to the first page; after `maxServed` list answers, next is null */
	| { kind: 'loop'; page: number; maxServed: number };

/** Records added and removed between the pages of a conversation list. */
export interface ChurnSettings {
	/** after odd pages: this many new conversations (higher IDs) appear */
	insert: number;
	/** after even pages: this many of the conversations on the page just served are deleted */
	remove: number;
}

export interface BurstSettings {
	/** more than `limit` requests of one organization within `windowMs` are answered 429 */
	limit: number;
	windowMs: number;
	/** the Retry-After header in seconds, or null to send none */
	retryAfter: number | null;
}

export interface SimulatorBehaviour {
	/** requests per organization, resource and UTC day (default 5000) */
	dailyQuota: number;
	/** the daily counters, keyed `"<organizationId>:<resource>"`, e.g. `"1:conversations"`; tests may set them */
	usedToday: Record<string, number>;
	/** burst throttling; null (the default) turns it off */
	burst: BurstSettings | null;
	/** fault injection, consumed in order by the next matching request */
	failNext: FailNextEntry[];
	/** faulty `next` links; null (default): correct links */
	nextLinks: NextLinkFault | null;
	/** the conversation list changes between pages; null (default): it does not */
	churn: ChurnSettings | null;
	/** the clock (ms since epoch) for throttling, Retry-After and created_at of new notes */
	now: () => number;
	/**
	 * A list DELETE with `delete_ids`: 'lifted' (default) deletes every named ID; 'applies' reads the
	 * docs' "10 by default and 100 at most" as covering delete_ids too (without `limit`, 10 of them).
	 */
	deleteIdsLimit: 'lifted' | 'applies';
	/** An ongoing conversation named in a list DELETE: 'refuse' (400, default) or 'skip' (silently left). */
	ongoingInListDelete: 'refuse' | 'skip';
	/**
	 * Not in the docs (a front server's limit): a request whose request line (`GET /path?query HTTP/1.1`)
	 * is longer than this many bytes gets its connection closed without an answer, as servers and proxies
	 * refuse an over-long request line (nginx: one `large_client_header_buffers` buffer, 8k by default;
	 * Apache: `LimitRequestLine` 8190; Node.js: `--max-http-header-size`, 16 KiB for the request line and
	 * headers together). Recorded with status 0, like a reset. null (default): only Node's own 16 KiB.
	 */
	requestLineLimit: number | null;
}

export interface RouteContext {
	method: string;
	path: string;
	query: Record<string, string>;
	/** every value of every query parameter, in request order */
	searchParams: URLSearchParams;
	headers: Record<string, string>;
	body: unknown;
	rawBody: string;
	/** the match of the route's regex against the path */
	match: RegExpExecArray;
	/** the absolute URL of the request, built from its Host header */
	url: URL;
	/** the entry of `requests` for this request; handlers may add fields */
	recorded: RecordedRequest;
	simulator: UserlikeSimulator;
}

export interface RouteResult {
	status: number;
	/** objects are sent as JSON, strings as they are; undefined: no body */
	body?: unknown;
	headers?: Record<string, string>;
	/** destroy the socket instead of answering */
	reset?: boolean;
}

export type RouteHandler = (ctx: RouteContext) => RouteResult | Promise<RouteResult>;

export interface UserlikeSimulator {
	url: string;
	requests: RecordedRequest[];
	data: SimulatorData;
	behaviour: SimulatorBehaviour;
	/** restore the seeded data (new arrays: re-read `data.*` after it), clear requests, reset behaviour and counters */
	reset(): void;
	close(): Promise<void>;
	/**
	 * Register a route. `method` is an HTTP method or '*' (any method: the handler answers 405 itself).
	 * Routes registered later are tried first, so an extension can shadow a built-in route.
	 */
	route(method: string, pathRegex: RegExp, handler: RouteHandler): void;
	/** set a daily quota counter (same as writing `behaviour.usedToday["<org>:<resource>"]`) */
	setUsedToday(organizationId: number, resource: QuotaResource, count: number): void;
	/** read a daily quota counter */
	getUsedToday(organizationId: number, resource: QuotaResource): number;
}
