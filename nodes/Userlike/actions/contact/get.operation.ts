import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem, getId, simplify } from '../../helpers/utils';
import { userlikeApiRequest } from '../../transport';
import { contactLocator, simplifyProperty } from '../common.descriptions';
import { contactSimplifiedKeys } from './fields';

const properties: INodeProperties[] = [contactLocator, simplifyProperty];

const displayOptions = { show: { resource: ['contact'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]) {
	return await forEachItem.call(this, items, async (itemIndex) => {
		const id = getId.call(this, 'contactId', itemIndex, 'contact');
		const contact = await userlikeApiRequest.call(this, 'GET', `contact_identities/${id}/`, {
			itemIndex,
			subject: `contact with ID ${id}`,
		});
		return this.getNodeParameter('simplify', itemIndex, true)
			? simplify(contact, contactSimplifiedKeys)
			: contact;
	});
}
