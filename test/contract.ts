/**
 * Values this package promises its users (node and parameter names, option values, event names):
 * workflows and checks outside these tests rely on them, so the tests assert them from this one list.
 */

/** The 16 events of the add-on API docs, as `<_type>.<_event>` (Userlike Trigger `events`). */
export const ADDON_EVENTS = [
	'chat_session.start',
	'chat_session.message_received',
	'chat_session.message_sent',
	'chat_session.unread',
	'chat_session.end',
	'conversation.ended',
	'chat_session.forward',
	'chat_session.rating',
	'chat_session.feedback',
	'chat_session.survey',
	'chat_session.goal',
	'operator.online',
	'operator.offline',
	'operator.away',
	'operator.back',
	'um_widget.config',
];

/** Userlike Chatbot Trigger `events`. */
export const CHATBOT_WEBHOOK_EVENTS = ['start', 'message', 'click'];

/** Userlike Chatbot `event` beyond the chatbot API's events: a Custom Event (any name, any payload). */
export const CUSTOM_REPLY_EVENT = 'custom';

/** Userlike Chatbot `event`: the triggerable events of the chatbot API (plus CUSTOM_REPLY_EVENT). */
export const REPLY_EVENTS = [
	'message',
	'bubbles',
	'carousel',
	'navigate',
	'contact_update',
	'abort',
	'end',
	'forward_group',
	'forward_any',
];

/** Userlike action node: resource -> operations. */
export const OPERATIONS: Record<string, string[]> = {
	conversation: ['get', 'getAll', 'delete', 'deleteMany'],
	message: ['getAll'],
	note: ['create', 'get', 'getAll', 'delete'],
	navigationEvent: ['getAll'],
	contact: ['get', 'getAll', 'update', 'delete', 'deleteMany'],
	operator: ['get', 'getAll', 'update', 'delete', 'getSlots', 'setAway'],
};

/** Userlike Conversation Trigger `event`. */
export const CONVERSATION_TRIGGER_EVENTS = [
	'newConversation',
	'updatedConversation',
	'newOrUpdated',
];
