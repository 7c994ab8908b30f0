import type { INodeProperties } from 'n8n-workflow';

import * as del from './delete.operation';
import * as deleteMany from './deleteMany.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export { del as delete, deleteMany, get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a contact',
				action: 'Delete a contact',
			},
			{
				name: 'Delete Many',
				value: 'deleteMany',
				description: 'Delete contacts by IDs, or those matching filters or a search',
				action: 'Delete many contacts',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a contact',
				action: 'Get a contact',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get contacts, with filters, search and ordering',
				action: 'Get many contacts',
			},
			{
				name: 'Update',
				value: 'update',
				description: "Update a contact's data, e.g. a phone number from your CRM",
				action: 'Update a contact',
			},
		],
		default: 'getAll',
	},
	...get.description,
	...getAll.description,
	...update.description,
	...del.description,
	...deleteMany.description,
];
