import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { DeleteManySpec } from '../../helpers/deleteMany';
import { deleteMany } from '../../helpers/deleteMany';
import { deleteManyProperties } from '../../../shared/jsonApi/descriptions';
import { conversationFilters } from '../../../shared/jsonApi/conversationFields';
import { explainOngoing } from './ongoing';

const spec: DeleteManySpec = {
	noun: 'conversation',
	plural: 'conversations',
	endpoint: 'conversations/',
	explain: explainOngoing,
};

const displayOptions = {
	show: { resource: ['conversation'], operation: ['deleteMany'] },
};

export const description = updateDisplayOptions(
	displayOptions,
	deleteManyProperties(spec, conversationFilters),
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]) {
	return await deleteMany.call(this, items, spec);
}
