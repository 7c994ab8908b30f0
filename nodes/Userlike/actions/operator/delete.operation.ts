import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	NodeApiError,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { deleteById, forEachItem, getId } from '../../helpers/utils';
import { operatorLocator } from '../../../shared/jsonApi/descriptions';

const properties: INodeProperties[] = [operatorLocator];

const displayOptions = {
	show: { resource: ['operator'], operation: ['delete'] },
};

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * Userlike guards the owner, the requesting operator and an organization's last operator with a 403
 * whose JSON says which; the transport already puts that reason in the message.
 */
function explainProtected(error: NodeApiError): NodeApiError {
	if (error.httpCode === '403') {
		error.description =
			'Userlike never deletes the account owner, the operator making the request (see Operator ID in the credential) or the last operator of an organization.';
	}
	return error;
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]) {
	return await forEachItem.call(this, items, async (itemIndex) => {
		const id = getId.call(this, 'operatorId', itemIndex, 'operator');
		return await deleteById.call(this, 'operators', id, itemIndex, 'operator', explainProtected);
	});
}
