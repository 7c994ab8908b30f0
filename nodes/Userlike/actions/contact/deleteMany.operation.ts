import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { DeleteManySpec } from '../../helpers/deleteMany';
import { deleteMany } from '../../helpers/deleteMany';
import { deleteManyProperties } from '../../../shared/jsonApi/descriptions';
import { contactFilters } from './fields';

const spec: DeleteManySpec = {
	noun: 'contact',
	plural: 'contacts',
	endpoint: 'contact_identities/',
};

const displayOptions = {
	show: { resource: ['contact'], operation: ['deleteMany'] },
};

export const description = updateDisplayOptions(
	displayOptions,
	deleteManyProperties(spec, contactFilters),
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]) {
	return await deleteMany.call(this, items, spec);
}
