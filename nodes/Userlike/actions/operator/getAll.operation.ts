import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listItems } from '../../helpers/list';
import { forEachItem } from '../../helpers/utils';
import {
	excludeIdsOption,
	limitProperties,
	optionsCollection,
	simplifyProperty,
} from '../../../shared/jsonApi/descriptions';
import { operatorFilters, operatorOrdering, operatorSimplifiedKeys } from './fields';

const properties: INodeProperties[] = [
	...limitProperties,
	operatorFilters,
	simplifyProperty,
	optionsCollection([excludeIdsOption, operatorOrdering]),
];

const displayOptions = { show: { resource: ['operator'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]) {
	return await forEachItem.call(this, items, async (itemIndex) => {
		return await listItems.call(this, itemIndex, {
			endpoint: 'operators/',
			simplifiedKeys: operatorSimplifiedKeys,
		});
	});
}
