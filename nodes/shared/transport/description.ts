import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_SECONDS } from '../http';

/** Settings of the transport that every operation shares (read in ./index.ts). */
export const requestOptions: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 600 },
			default: DEFAULT_TIMEOUT_SECONDS,
			description:
				'How long one request to Userlike may take, from its start to the last byte of the answer. A read that took longer is retried (up to 5 attempts); a create, update or delete that took longer is not repeated and fails.',
		},
	],
};
