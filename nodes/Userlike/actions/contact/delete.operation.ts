import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { deleteById, forEachItem, getId } from '../../helpers/utils';
import { contactLocator } from '../../../shared/jsonApi/descriptions';

const properties: INodeProperties[] = [contactLocator];

const displayOptions = {
	show: { resource: ['contact'], operation: ['delete'] },
};

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]) {
	return await forEachItem.call(this, items, async (itemIndex) => {
		const id = getId.call(this, 'contactId', itemIndex, 'contact');
		return await deleteById.call(this, 'contact_identities', id, itemIndex, 'contact');
	});
}
