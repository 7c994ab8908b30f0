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
import { contactFilters, contactOrdering, contactSimplifiedKeys } from './fields';

const properties: INodeProperties[] = [
	...limitProperties,
	contactFilters,
	simplifyProperty,
	optionsCollection([
		excludeIdsOption,
		allListOption('contacts', 'contact_identities/'),
		contactOrdering,
	]),
];

const displayOptions = { show: { resource: ['contact'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]) {
	return await forEachItem.call(this, items, async (itemIndex) => {
		return await listItems.call(this, itemIndex, {
			endpoint: await chosenListEndpoint.call(this, itemIndex, 'contact_identities/'),
			simplifiedKeys: contactSimplifiedKeys,
		});
	});
}
