import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem, getId } from '../../helpers/utils';
import { userlikeApiRequest } from '../../../shared/jsonApi/transport';
import { operatorLocator } from '../../../shared/jsonApi/descriptions';

const properties: INodeProperties[] = [operatorLocator];

const displayOptions = {
	show: { resource: ['operator'], operation: ['getSlots'] },
};

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]) {
	return await forEachItem.call(this, items, async (itemIndex) => {
		const id = getId.call(this, 'operatorId', itemIndex, 'operator');
		const slots = await userlikeApiRequest.call(this, 'GET', `operators/${id}/slots/`, {
			itemIndex,
			subject: `operator with ID ${id}`,
		});
		return { operator_id: id, ...slots };
	});
}
