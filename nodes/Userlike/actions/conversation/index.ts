import type { INodeProperties } from 'n8n-workflow';

import * as del from './delete.operation';
import * as deleteMany from './deleteMany.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export { del as delete, deleteMany, get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['conversation'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a conversation (not while it is ongoing)',
				action: 'Delete a conversation',
			},
			{
				name: 'Delete Many',
				value: 'deleteMany',
				description: 'Delete conversations by IDs, or those matching filters or a search',
				action: 'Delete many conversations',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a conversation',
				action: 'Get a conversation',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get conversations, with filters, search and ordering',
				action: 'Get many conversations',
			},
		],
		default: 'getAll',
	},
	...get.description,
	...getAll.description,
	...del.description,
	...deleteMany.description,
];
