import type { INodeProperties } from 'n8n-workflow';

import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getSlots from './getSlots.operation';
import * as setAway from './setAway.operation';
import * as update from './update.operation';

export { del as delete, get, getAll, getSlots, setAway, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['operator'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete an operator (never the owner, yourself or the last one)',
				action: 'Delete an operator',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get an operator',
				action: 'Get an operator',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get operators, with filters and ordering',
				action: 'Get many operators',
			},
			{
				name: 'Get Slots',
				value: 'getSlots',
				description: "Get an operator's availability and chat slot use",
				action: 'Get the chat slots of an operator',
			},
			{
				name: 'Set Away',
				value: 'setAway',
				description: 'Set an operator away or back online',
				action: 'Set an operator away or online',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Update out of office, availability, notifications and sounds',
				action: 'Update an operator',
			},
		],
		default: 'getAll',
	},
	...get.description,
	...getAll.description,
	...getSlots.description,
	...update.description,
	...setAway.description,
	...del.description,
];
