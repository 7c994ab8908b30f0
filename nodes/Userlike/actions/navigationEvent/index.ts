import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['navigationEvent'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get the pages your contacts visited, newest first',
				action: 'Get many navigation events',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
