import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { forEachItem, getId } from '../../helpers/utils';
import { simplify } from '../../../shared/jsonApi/query';
import { userlikeApiRequest } from '../../../shared/jsonApi/transport';
import { contactLocator, simplifyProperty } from '../../../shared/jsonApi/descriptions';
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
