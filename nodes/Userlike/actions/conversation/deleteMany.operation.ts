import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { DeleteManySpec } from '../../helpers/deleteMany';
import { deleteMany, deleteManyProperties } from '../../helpers/deleteMany';
import { conversationFilters } from './fields';
import { explainOngoing } from './ongoing';

const spec: DeleteManySpec = {
	noun: 'conversation',
	plural: 'conversations',
	endpoint: 'conversations/',
	filters: conversationFilters,
	explain: explainOngoing,
};

const displayOptions = {
	show: { resource: ['conversation'], operation: ['deleteMany'] },
};

export const description = updateDisplayOptions(displayOptions, deleteManyProperties(spec));

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]) {
	return await deleteMany.call(this, items, spec);
}
