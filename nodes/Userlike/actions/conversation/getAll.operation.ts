import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { chosenListEndpoint, listItems } from '../../helpers/list';
import { forEachItem } from '../../helpers/utils';
import {
	allListOption,
	excludeIdsOption,
	limitProperties,
	optionsCollection,
	simplifyProperty,
} from '../../../shared/jsonApi/descriptions';
import {
	conversationFilters,
	conversationOrdering,
	conversationSimplifiedKeys,
} from '../../../shared/jsonApi/conversationFields';

const properties: INodeProperties[] = [
	...limitProperties,
	conversationFilters,
	simplifyProperty,
	optionsCollection([
		excludeIdsOption,
		allListOption('conversations', 'conversations/'),
		conversationOrdering,
	]),
];

const displayOptions = { show: { resource: ['conversation'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]) {
	return await forEachItem.call(this, items, async (itemIndex) => {
		const endpoint = await chosenListEndpoint.call(this, itemIndex, 'conversations/');
		return await listItems.call(this, itemIndex, {
			endpoint,
			simplifiedKeys: conversationSimplifiedKeys,
			// seed: id__gt / id__lt filters and ordering id / -id on the conversation list endpoint
			idKeyset: endpoint === 'conversations/',
		});
	});
}
