/**
 * The reply node's fields of each event, written once: `show(...)` names the events a field belongs to,
 * and ./description.ts turns that into display options for each version's event parameter (`event` in
 * version 1, `operation` from version 2 on).
 */
import type { INodeProperties } from 'n8n-workflow';

import type { ReplyEventType } from './events';

/** Marks a field as belonging to these events (see `forEachVersion` in ./description.ts). */
const show = (events: ReplyEventType[]) => ({ show: { event: events } });

export const EVENT_FIELDS: INodeProperties[] = [
	{
		displayName: 'Text',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 3 },
		required: true,
		default: '',
		placeholder: 'e.g. Hi! How can I help you?',
		description: 'The message the contact sees',
		hint: 'Userlike renders markdown: **bold**, *italic*, [a link](https://www.example.com), lists',
		displayOptions: show(['message', 'bubbles']),
	},
	{
		displayName: 'Text',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. Which product do you mean?',
		description: 'Optional message above the carousel',
		hint: 'Userlike renders markdown: **bold**, *italic*, [a link](https://www.example.com), lists',
		displayOptions: show(['carousel']),
	},
	{
		displayName: 'Buttons',
		name: 'bubbleOptions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Button',
		default: {},
		description:
			'The buttons, in order. A click comes back as a click event with the option number: 1 is the first button.',
		displayOptions: show(['bubbles']),
		options: [
			{
				displayName: 'Button',
				name: 'option',
				values: [
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						default: '',
						placeholder: 'e.g. Delivery status of an order',
						description: 'The text on the button',
					},
				],
			},
		],
	},
	{
		displayName: 'Cards',
		name: 'carouselOptions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Card',
		default: {},
		description:
			'The cards, in order. A click comes back as a click event with the option number: 1 is the first card.',
		displayOptions: show(['carousel']),
		options: [
			{
				displayName: 'Card',
				name: 'option',
				values: [
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						default: '',
						placeholder: 'e.g. Running shoes',
						description: 'The text on the card',
					},
					{
						displayName: 'Image URL',
						name: 'imageUrl',
						type: 'string',
						default: '',
						placeholder: 'e.g. https://www.example.com/images/shoes.png',
						description: 'The image on the card (http or https)',
					},
				],
			},
		],
	},
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://www.example.com/shipping',
		description:
			'The page to open. It must be on the same host as the page the contact is on, or Userlike sends the fallback message.',
		displayOptions: show(['navigate']),
	},
	{
		displayName: 'Fallback Message',
		name: 'fallback',
		type: 'string',
		typeOptions: { rows: 2 },
		required: true,
		default: 'Please open this page: {{link}}',
		description: 'Sent instead when the browser does not allow navigation',
		hint: "Userlike replaces {{link}} with the URL. In an expression, write {{ '{{link}}' }} to keep it.",
		displayOptions: show(['navigate']),
	},
	{
		displayName: 'Contact Fields',
		name: 'contactFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'At least one of name, email and mobile number',
		displayOptions: show(['contact_update']),
		options: [
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'e.g. name@email.com',
				default: '',
			},
			{
				displayName: 'Mobile Number',
				name: 'mobileNumber',
				type: 'string',
				default: '',
				placeholder: 'e.g. +49 151 23456789',
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				placeholder: 'e.g. Anna Schmidt',
			},
		],
	},
	{
		displayName: 'Group ID',
		name: 'groupId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 14',
		description:
			'The ID of the operator group to forward to (Dashboard > Team > Groups, or the Userlike node: Operator > Get Many)',
		displayOptions: show(['forward_group']),
	},
	{
		displayName: 'Event Name',
		name: 'customEventName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. list_template',
		description:
			"The event's name as Userlike's Chatbot API documentation spells it, sent as packet.event",
		displayOptions: show(['custom']),
	},
	{
		displayName: 'Payload (JSON)',
		name: 'customPayload',
		type: 'json',
		default: '{}',
		description: 'The JSON object sent as packet.payload, exactly as given',
		hint: 'Checked only as a JSON object: Userlike documents no schema for these events yet. The Context below still keeps to 10 KB.',
		displayOptions: show(['custom']),
	},
];
