import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { forEachItem, getId } from '../../helpers/utils';
import { updateBody } from '../../helpers/updateFields';
import { userlikeApiRequest } from '../../../shared/jsonApi/transport';
import { operatorLocator } from '../../../shared/jsonApi/descriptions';
import { operatorUpdateFields } from './fields';

const properties: INodeProperties[] = [operatorLocator, operatorUpdateFields];

const displayOptions = {
	show: { resource: ['operator'], operation: ['update'] },
};

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]) {
	return await forEachItem.call(this, items, async (itemIndex) => {
		const id = getId.call(this, 'operatorId', itemIndex, 'operator');
		const body: IDataObject = updateBody.call(this, itemIndex, operatorUpdateFields, 'operator');
		if (!Object.keys(body).length) {
			throw new NodeOperationError(this.getNode(), 'No fields to update', {
				itemIndex,
				description: 'Add at least one field under Update Fields. Nothing was sent.',
			});
		}
		// Availability is picked as online/away; Userlike takes `available: true/false`.
		if (body.available === 'online' || body.available === 'away') {
			body.available = body.available === 'online';
		}
		// Userlike answers with the operator's slot view.
		const slots = await userlikeApiRequest.call(this, 'PATCH', `operators/${id}/`, {
			body,
			itemIndex,
			subject: `operator with ID ${id}`,
		});
		return { operator_id: id, ...slots };
	});
}
