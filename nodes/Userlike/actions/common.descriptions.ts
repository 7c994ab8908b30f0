import type { INodeProperties } from 'n8n-workflow';

type LocatorKind = 'conversation' | 'contact' | 'operator';

const searchMethods: Record<LocatorKind, string> = {
	conversation: 'searchConversations',
	contact: 'searchContacts',
	operator: 'searchOperators',
};

/** A resource locator (From List / By ID) for a conversation, contact or operator. */
export function locator(
	kind: LocatorKind,
	overrides: Partial<INodeProperties> = {},
): INodeProperties {
	const label = kind.charAt(0).toUpperCase() + kind.slice(1);
	return {
		displayName: label,
		name: `${kind}Id`,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: `The ${kind} to use`,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: {
					searchListMethod: searchMethods[kind],
					searchable: true,
				},
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 42',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^\\s*[0-9]+\\s*$',
							errorMessage: `A ${kind} ID is a number`,
						},
					},
				],
			},
		],
		...overrides,
	};
}

export const conversationLocator = locator('conversation');
export const contactLocator = locator('contact');
export const operatorLocator = locator('operator');
