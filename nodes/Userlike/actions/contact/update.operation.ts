import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { ISO_COUNTRY_CODES } from '../../helpers/countries';
import { forEachItem, getId } from '../../helpers/utils';
import { updateBody } from '../../helpers/updateFields';
import { simplify } from '../../../shared/jsonApi/query';
import { userlikeApiRequest } from '../../../shared/jsonApi/transport';
import { contactLocator, simplifyProperty } from '../../../shared/jsonApi/descriptions';
import { contactClearFields, contactSimplifiedKeys, contactUpdateFields } from './fields';

// Userlike answers with the full, updated contact: the same Simplify as Get.
const properties: INodeProperties[] = [
	contactLocator,
	contactUpdateFields,
	contactClearFields,
	simplifyProperty,
];

const displayOptions = {
	show: { resource: ['contact'], operation: ['update'] },
};

export const description = updateDisplayOptions(displayOptions, properties);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]) {
	return await forEachItem.call(this, items, async (itemIndex) => {
		const id = getId.call(this, 'contactId', itemIndex, 'contact');
		const body = updateBody.call(this, itemIndex, contactUpdateFields, 'contact');
		if (!Object.keys(body).length) {
			throw new NodeOperationError(this.getNode(), 'No fields to update', {
				itemIndex,
				description:
					'Add at least one field under Update Fields (or Clear Fields). Nothing was sent.',
			});
		}
		if (typeof body.country === 'string' && body.country !== '') {
			const country = body.country.toUpperCase();
			if (!ISO_COUNTRY_CODES.has(country)) {
				throw new NodeOperationError(
					this.getNode(),
					`"${body.country}" is not a two-letter ISO country code`,
					{
						itemIndex,
						description: 'Use the ISO 3166-1 alpha-2 code, e.g. DE, US or GB. Nothing was sent.',
					},
				);
			}
			body.country = country;
		}
		if (typeof body.email === 'string' && body.email !== '' && !EMAIL.test(body.email)) {
			throw new NodeOperationError(this.getNode(), `"${body.email}" is not an email address`, {
				itemIndex,
				description: 'Use an address like nathan@example.com. Nothing was sent.',
			});
		}
		const contact = await userlikeApiRequest.call(this, 'PATCH', `contact_identities/${id}/`, {
			body,
			itemIndex,
			subject: `contact with ID ${id}`,
		});
		return this.getNodeParameter('simplify', itemIndex, true)
			? simplify(contact, contactSimplifiedKeys)
			: contact;
	});
}
