import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem, getId } from '../../helpers/utils';
import { simplify } from '../../../shared/jsonApi/query';
import { userlikeApiRequest } from '../../../shared/jsonApi/transport';
import { operatorLocator, simplifyProperty } from '../../../shared/jsonApi/descriptions';
import { operatorSimplifiedKeys } from './fields';

const properties: INodeProperties[] = [operatorLocator, simplifyProperty];

const displayOptions = { show: { resource: ['operator'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]) {
	return await forEachItem.call(this, items, async (itemIndex) => {
		const id = getId.call(this, 'operatorId', itemIndex, 'operator');
		const operator = await userlikeApiRequest.call(this, 'GET', `operators/${id}/`, {
			itemIndex,
			subject: `operator with ID ${id}`,
		});
		return this.getNodeParameter('simplify', itemIndex, true)
			? simplify(operator, operatorSimplifiedKeys)
			: operator;
	});
}
