import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem, getId } from '../../helpers/utils';
import { getApiLocation, userlikeApiRequest } from '../../../shared/jsonApi/transport';
import { operatorLocator } from '../../../shared/jsonApi/descriptions';

const properties: INodeProperties[] = [
	operatorLocator,
	{
		displayName: 'Away',
		name: 'away',
		type: 'boolean',
		default: true,
		description: 'Whether to set the operator away (on) or back online (off)',
	},
];

const displayOptions = {
	show: { resource: ['operator'], operation: ['setAway'] },
};

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]) {
	const { apiVersion } = await getApiLocation.call(this);
	return await forEachItem.call(this, items, async (itemIndex) => {
		const id = getId.call(this, 'operatorId', itemIndex, 'operator');
		const away = this.getNodeParameter('away', itemIndex, true) as unknown;
		if (typeof away !== 'boolean') {
			// An expression that resolved to "", "  " or null must not toggle the operator.
			throw new NodeOperationError(
				this.getNode(),
				`Away is ${String(away ?? '').trim() === '' ? 'empty' : `"${String(away)}", not true or false`} (item ${itemIndex})`,
				{
					itemIndex,
					description: 'Away takes true (set away) or false (back online). Nothing was sent.',
				},
			);
		}
		const subject = `operator with ID ${id}`;
		// v3 has its own endpoint for this; v2 toggles availability with the operator PATCH.
		const slots =
			apiVersion === 'v3'
				? await userlikeApiRequest.call(this, 'PATCH', `operators/${id}/away/`, {
						body: { away },
						itemIndex,
						subject,
					})
				: await userlikeApiRequest.call(this, 'PATCH', `operators/${id}/`, {
						body: { available: !away },
						itemIndex,
						subject,
					});
		return { operator_id: id, away, ...slots };
	});
}
