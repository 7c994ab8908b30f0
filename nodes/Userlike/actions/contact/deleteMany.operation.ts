import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { DeleteManySpec } from '../../helpers/deleteMany';
import { deleteMany, deleteManyProperties } from '../../helpers/deleteMany';
import { contactFilters } from './fields';

const spec: DeleteManySpec = {
	noun: 'contact',
	plural: 'contacts',
	endpoint: 'contact_identities/',
	filters: contactFilters,
};

const displayOptions = {
	show: { resource: ['contact'], operation: ['deleteMany'] },
};

export const description = updateDisplayOptions(displayOptions, deleteManyProperties(spec));

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]) {
	return await deleteMany.call(this, items, spec);
}
