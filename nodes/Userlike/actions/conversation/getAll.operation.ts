import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listItems } from '../../helpers/list';
import {
	excludeIdsOption,
	forEachItem,
	limitProperties,
	simplifyProperty,
} from '../../helpers/utils';
import { getApiLocation } from '../../transport';
import { conversationFilters, conversationOrdering, conversationSimplifiedKeys } from './fields';

const properties: INodeProperties[] = [
	...limitProperties,
	conversationFilters,
	simplifyProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			excludeIdsOption,
			{
				displayName: 'List',
				name: 'list',
				type: 'options',
				default: 'default',
				description: 'Which conversation list to read',
				options: [
					{
						name: 'Conversations (Default)',
						value: 'default',
						description: 'Reads conversations/',
					},
					{
						name: 'All Conversations (V3)',
						value: 'all',
						description:
							'Reads conversations/all/, the list of all conversations that API v3 added',
					},
				],
			},
			conversationOrdering,
		],
	},
];

const displayOptions = {
	show: { resource: ['conversation'], operation: ['getAll'] },
};

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]) {
	return await forEachItem.call(this, items, async (itemIndex) => {
		const list = this.getNodeParameter('options.list', itemIndex, 'default') as string;
		const useAll = list === 'all' && (await getApiLocation.call(this)).apiVersion === 'v3';
		return await listItems.call(this, itemIndex, {
			endpoint: useAll ? 'conversations/all/' : 'conversations/',
			simplifiedKeys: conversationSimplifiedKeys,
		});
	});
}
