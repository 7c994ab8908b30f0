import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { listItems } from '../../helpers/list';
import { forEachItem } from '../../helpers/utils';
import {
	excludeIdsOption,
	filtersCollection,
	limitProperties,
	optionsCollection,
} from '../../../shared/jsonApi/descriptions';

const properties: INodeProperties[] = [
	...limitProperties,
	filtersCollection(
		[
			{
				displayName: 'Contact ID',
				name: 'contact_identity_id',
				type: 'number',
				default: 0,
				description: 'Notes on this contact',
			},
			{
				displayName: 'Conversation ID',
				name: 'conversation_id',
				type: 'number',
				default: 0,
				description: 'Notes on this conversation',
			},
		],
		'A note belongs to a conversation or to a contact: use one of these filters, not both',
	),
	optionsCollection([excludeIdsOption]),
];

const displayOptions = { show: { resource: ['note'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]) {
	return await forEachItem.call(this, items, async (itemIndex) => {
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		if (filters.conversation_id && filters.contact_identity_id) {
			throw new NodeOperationError(
				this.getNode(),
				'Use either Conversation ID or Contact ID, not both',
				{
					itemIndex,
					description:
						'A note belongs to a conversation or to a contact, so both filters together never match anything.',
				},
			);
		}
		return await listItems.call(this, itemIndex, { endpoint: 'notes/' });
	});
}
