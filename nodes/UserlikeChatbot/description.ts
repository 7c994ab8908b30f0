import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { timeoutOption } from '../shared/http';
import { EVENT_FIELDS } from './eventFields';
import { EVENT_LABELS } from './events';
import { DEFAULT_MAX_WAIT_SECONDS } from './pacing';

/**
 * The parameter that picks the event: `event` in version 1; `operation` from version 2 on, because
 * n8n's nodes panel lists a node's actions from a parameter named `operation` (and then shows this
 * node and the Userlike Chatbot Trigger as one "Userlike Chatbot" entry). The values are the same.
 */
export function eventParameter(typeVersion: number): 'event' | 'operation' {
	return typeVersion >= 2 ? 'operation' : 'event';
}

/** Each event's field once per version, shown by that version's event parameter. */
function forEachVersion(fields: INodeProperties[]): INodeProperties[] {
	return fields.flatMap((field) =>
		[1, 2].map((version) => ({
			...field,
			displayOptions: {
				show: { [eventParameter(version)]: field.displayOptions?.show?.event },
			},
		})),
	);
}

/**
 * The events, sorted by name as the n8n UI lists options; `action` is what n8n's nodes panel lists
 * under "Actions" (version 2).
 */
const EVENT_OPTIONS: INodePropertyOptions[] = [
	{
		name: EVENT_LABELS.abort,
		value: 'abort',
		action: 'Hand the chat over to operators (abort the bot)',
		description:
			'Stop the bot and continue the normal conversation flow: human operators see and can take the conversation',
	},
	{
		name: EVENT_LABELS.bubbles,
		value: 'bubbles',
		action: 'Send a message with buttons',
		description:
			'Send a message with buttons to click; a click comes back as a click event (options count from 1)',
	},
	{
		name: EVENT_LABELS.carousel,
		value: 'carousel',
		action: 'Send a carousel of cards',
		description: 'Like bubbles, with an image on each button',
	},
	{
		name: EVENT_LABELS.custom,
		value: 'custom',
		action: 'Send a custom event',
		description:
			"An event of Userlike's Chatbot API that this node has no fields for (e.g. WhatsApp button or list templates): a name and a JSON payload, sent as given",
	},
	{
		name: EVENT_LABELS.end,
		value: 'end',
		action: 'End the conversation',
		description: 'End the bot session and set the conversation to ended',
	},
	{
		name: EVENT_LABELS.forward_any,
		value: 'forward_any',
		action: 'Forward to any operator',
		description: 'End the bot session and forward the conversation to any available operator',
	},
	{
		name: EVENT_LABELS.forward_group,
		value: 'forward_group',
		action: 'Forward to an operator group',
		description:
			'End the bot session and forward the conversation to an available operator of a group',
	},
	{
		name: EVENT_LABELS.message,
		value: 'message',
		action: 'Send a message',
		description: 'Send a text message to the contact',
	},
	{
		name: EVENT_LABELS.navigate,
		value: 'navigate',
		action: "Open a page in the contact's browser",
		description:
			"Open a URL in the contact's browser, or send a fallback message when the browser does not allow it",
	},
	{
		name: EVENT_LABELS.contact_update,
		value: 'contact_update',
		action: 'Update the contact',
		description: "Update the contact's name, email or mobile number",
	},
];

export const properties: INodeProperties[] = [
	{
		displayName: 'Delivery',
		name: 'delivery',
		type: 'options',
		noDataExpression: true,
		default: 'webhookResponse',
		options: [
			{
				name: 'Respond to Chatbot Webhook',
				value: 'webhookResponse',
				description:
					'Answer the webhook call that started this execution. Set the Userlike Chatbot Trigger to respond using this node.',
			},
			{
				name: 'Send to API URL',
				value: 'apiUrl',
				description:
					"Post to the bot's API URL, e.g. after slow work or from another workflow (needs the Userlike Chatbot API credential)",
			},
			{
				name: 'Add to Next Userlike Chatbot Reply Node',
				value: 'nextNode',
				description:
					'Check the event and hand it on, sending nothing: the next Userlike Chatbot Reply node sends it first, in the same reply',
			},
		],
		description: 'How the events reach Userlike. Each input item gives one event, in order.',
	},
	{
		displayName:
			'Userlike takes one answer per call: send all its events from this node, as several items or from earlier nodes set to "Add to Next Userlike Chatbot Reply Node"',
		name: 'webhookResponseNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { delivery: ['webhookResponse'] } },
	},
	{
		displayName: 'Chat Session ID',
		name: 'cid',
		type: 'string',
		required: true,
		default: '={{ $json.cid }}',
		placeholder: "e.g. {{ $('Userlike Chatbot Trigger').item.json.cid }}",
		description:
			'The cid of the chat session, from the Userlike Chatbot Trigger. When other nodes stand in between, refer to the trigger by name.',
	},
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		default: 'message',
		options: EVENT_OPTIONS,
		displayOptions: { show: { '@version': [1] } },
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'message',
		options: EVENT_OPTIONS,
		displayOptions: { show: { '@version': [2] } },
	},
	...forEachVersion(EVENT_FIELDS),
	{
		displayName: 'Context',
		name: 'context',
		type: 'json',
		default: '{}',
		description:
			'State for this chat session: Userlike stores it and sends it back as context with every webhook call',
		hint: 'Optional JSON object of at most 10 KB. A new context replaces the whole previous one; an empty context is not sent, because Userlike would keep the previous one anyway.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Additional Payload Fields (JSON)',
				name: 'additionalPayload',
				type: 'json',
				default: '{}',
				description:
					"Payload keys Userlike accepts that this node does not set, merged into the event's payload (they override the node's own)",
			},
			{
				displayName: 'Max Wait for Rate Limit (Seconds)',
				name: 'maxRateLimitWait',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 300 },
				default: DEFAULT_MAX_WAIT_SECONDS,
				description:
					'Userlike accepts 20 requests a minute per chat session on the API URL. The node waits for a free slot up to this long, and otherwise fails before sending. A slot frees at most 61 s after it was taken, so values under 61 can fail the 21st reply within a minute.',
				displayOptions: { show: { '/delivery': ['apiUrl'] } },
			},
			timeoutOption(
				'How long one request to the API URL may take, from its start to the last byte of the answer. A request that took longer is not repeated (Userlike may have applied it) and fails.',
				{ displayOptions: { show: { '/delivery': ['apiUrl'] } } },
			),
		],
	},
];
