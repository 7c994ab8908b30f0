import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listItems } from '../../helpers/list';
import { forEachItem } from '../../helpers/utils';
import {
	excludeIdsOption,
	limitProperties,
	optionsCollection,
} from '../../../shared/jsonApi/descriptions';

const properties: INodeProperties[] = [...limitProperties, optionsCollection([excludeIdsOption])];

const displayOptions = {
	show: { resource: ['navigationEvent'], operation: ['getAll'] },
};

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]) {
	// Userlike documents no filters for navigation events: newest first, exclude IDs only.
	return await forEachItem.call(this, items, async (itemIndex) => {
		return await listItems.call(this, itemIndex, { endpoint: 'navigation/' });
	});
}
