import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem, getId } from '../../helpers/utils';
import { simplify } from '../../../shared/jsonApi/query';
import { userlikeApiRequest } from '../../../shared/jsonApi/transport';
import { conversationLocator, simplifyProperty } from '../../../shared/jsonApi/descriptions';
import { conversationSimplifiedKeys } from '../../../shared/jsonApi/conversationFields';

const properties: INodeProperties[] = [conversationLocator, simplifyProperty];

const displayOptions = {
	show: { resource: ['conversation'], operation: ['get'] },
};

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]) {
	return await forEachItem.call(this, items, async (itemIndex) => {
		const id = getId.call(this, 'conversationId', itemIndex, 'conversation');
		const conversation = await userlikeApiRequest.call(this, 'GET', `conversations/${id}/`, {
			itemIndex,
			subject: `conversation with ID ${id}`,
		});
		return this.getNodeParameter('simplify', itemIndex, true)
			? simplify(conversation, conversationSimplifiedKeys)
			: conversation;
	});
}
