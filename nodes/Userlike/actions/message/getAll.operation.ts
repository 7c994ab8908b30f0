import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listItems } from '../../helpers/list';
import { forEachItem, getId } from '../../helpers/utils';
import {
	conversationLocator,
	excludeIdsOption,
	filtersCollection,
	limitProperties,
	optionsCollection,
} from '../../../shared/jsonApi/descriptions';

const properties: INodeProperties[] = [
	{
		...conversationLocator,
		description: 'The conversation whose messages to get',
	},
	...limitProperties,
	filtersCollection([
		{
			displayName: 'Event',
			name: 'event',
			type: 'string',
			default: '',
			placeholder: 'e.g. welcome_message',
			description: 'Messages from this event',
		},
		{
			displayName: 'Sender Type',
			name: 'sender_type',
			type: 'string',
			default: '',
			placeholder: 'e.g. contact',
			description: 'Messages from this kind of sender',
		},
		{
			displayName: 'Type',
			name: 'type',
			type: 'options',
			// Adding the filter selects nothing yet: the first choice says so, and sends no type.
			default: '',
			description: 'Messages of this type',
			options: [
				{ name: 'Any Type (Choose One to Filter)', value: '' },
				{
					name: 'Call Event',
					value: 'call_event',
					description: 'Audio/video call events, e.g. "call finished"',
				},
				{
					name: 'Call Offer',
					value: 'call_offer',
					description: 'Audio/video calls offered to the contact',
				},
				{ name: 'Link', value: 'link', description: 'A link was sent' },
				{ name: 'Notification', value: 'notification' },
				{ name: 'Sent by Contact', value: 'co' },
				{ name: 'Sent to Contact', value: 'ct' },
				{ name: 'Upload', value: 'upload' },
			],
		},
	]),
	optionsCollection([
		excludeIdsOption,
		{
			displayName: 'Order',
			name: 'ordering',
			type: 'options',
			default: '',
			options: [
				{ name: 'Default (Newest First)', value: '' },
				{ name: 'Oldest First', value: 'id' },
				{ name: 'Newest First', value: '-id' },
			],
		},
	]),
];

const displayOptions = {
	show: { resource: ['message'], operation: ['getAll'] },
};

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]) {
	return await forEachItem.call(this, items, async (itemIndex) => {
		const id = getId.call(this, 'conversationId', itemIndex, 'conversation');
		// Cursor pagination (pages of at most 100): the transport follows the `next` links.
		return await listItems.call(this, itemIndex, {
			endpoint: `conversations/${id}/messages/`,
			subject: `conversation with ID ${id}`,
		});
	});
}
