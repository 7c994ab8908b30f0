import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { jsonParse, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem, getId } from '../../helpers/utils';
import { checkJsonDepth } from '../../../shared/http';
import { getApiLocation, userlikeApiRequest } from '../../../shared/jsonApi/transport';
import {
	contactLocator,
	conversationLocator,
	optionsCollection,
} from '../../../shared/jsonApi/descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Note On',
		name: 'target',
		type: 'options',
		default: 'conversation',
		options: [
			{ name: 'Conversation', value: 'conversation' },
			{ name: 'Contact', value: 'contact' },
		],
		description: 'A note belongs to exactly one conversation or one contact',
	},
	{
		...conversationLocator,
		displayOptions: { show: { target: ['conversation'] } },
	},
	{ ...contactLocator, displayOptions: { show: { target: ['contact'] } } },
	{
		displayName: 'Text',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		description: 'The text of the note',
	},
	optionsCollection([
		{
			displayName: 'Additional Body Fields (JSON)',
			name: 'additionalBody',
			type: 'json',
			default: '{}',
			description:
				'Fields Userlike accepts that this node does not name (the v3 docs list POST notes/ without a body schema), merged into the request body',
		},
	]),
];

const displayOptions = { show: { resource: ['note'], operation: ['create'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]) {
	const { apiVersion } = await getApiLocation.call(this);
	return await forEachItem.call(this, items, async (itemIndex) => {
		if (apiVersion !== 'v3') {
			throw new NodeOperationError(this.getNode(), 'Creating notes needs the v3 API', {
				itemIndex,
				description:
					'Userlike added POST notes/ in v3. Set the API version in the Userlike API credential to v3.',
			});
		}
		const text = String(this.getNodeParameter('body', itemIndex, '')).trim();
		if (!text) {
			throw new NodeOperationError(this.getNode(), 'The note text is empty', {
				itemIndex,
				description: 'Enter the text of the note. Nothing was sent.',
			});
		}
		const target = this.getNodeParameter('target', itemIndex) as string;
		const body: IDataObject = {
			...additionalBody.call(this, itemIndex),
			body: text,
		};
		delete body.conversation_id;
		delete body.contact_identity_id;
		if (target === 'contact') {
			body.contact_identity_id = getId.call(this, 'contactId', itemIndex, 'contact');
		} else {
			body.conversation_id = getId.call(this, 'conversationId', itemIndex, 'conversation');
		}
		return await userlikeApiRequest.call(this, 'POST', 'notes/', {
			body,
			itemIndex,
		});
	});
}

function additionalBody(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const raw = this.getNodeParameter('options.additionalBody', itemIndex, '{}') as
		| string
		| IDataObject;
	const parsed =
		typeof raw === 'string'
			? jsonParse<unknown>(raw || '{}', {
					errorMessage: 'Additional Body Fields is not valid JSON',
				})
			: raw;
	// Deep JSON would overflow the stack when it is sent: refuse it with the field's name.
	checkJsonDepth(this.getNode(), parsed, 'Additional Body Fields', itemIndex);
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new NodeOperationError(this.getNode(), 'Additional Body Fields must be a JSON object', {
			itemIndex,
			description: 'e.g. {"is_pinned": true}. Nothing was sent.',
		});
	}
	return parsed as IDataObject;
}
