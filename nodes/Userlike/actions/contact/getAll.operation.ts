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
import { contactFilters, contactOrdering, contactSimplifiedKeys } from './fields';

const properties: INodeProperties[] = [
	...limitProperties,
	contactFilters,
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
				description: 'Which contact list to read',
				options: [
					{
						name: 'Contacts (Default)',
						value: 'default',
						description: 'Reads contact_identities/',
					},
					{
						name: 'All Contacts (V3)',
						value: 'all',
						description:
							'Reads contact_identities/all/, the list of all contacts that API v3 added',
					},
				],
			},
			contactOrdering,
		],
	},
];

const displayOptions = {
	show: { resource: ['contact'], operation: ['getAll'] },
};

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]) {
	return await forEachItem.call(this, items, async (itemIndex) => {
		const list = this.getNodeParameter('options.list', itemIndex, 'default') as string;
		const useAll = list === 'all' && (await getApiLocation.call(this)).apiVersion === 'v3';
		return await listItems.call(this, itemIndex, {
			endpoint: useAll ? 'contact_identities/all/' : 'contact_identities/',
			simplifiedKeys: contactSimplifiedKeys,
		});
	});
}
