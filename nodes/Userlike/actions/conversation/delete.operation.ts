import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { deleteById, forEachItem, getId } from '../../helpers/utils';
import { conversationLocator } from '../../../shared/jsonApi/descriptions';
import { explainOngoing } from './ongoing';

const properties: INodeProperties[] = [conversationLocator];

const displayOptions = {
	show: { resource: ['conversation'], operation: ['delete'] },
};

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]) {
	return await forEachItem.call(this, items, async (itemIndex) => {
		const id = getId.call(this, 'conversationId', itemIndex, 'conversation');
		return await deleteById.call(
			this,
			'conversations',
			id,
			itemIndex,
			'conversation',
			explainOngoing,
		);
	});
}
