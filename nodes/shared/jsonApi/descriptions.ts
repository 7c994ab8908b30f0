/**
 * The UI description pieces the operations (and the Userlike Conversation Trigger) share: locators,
 * Return All / Limit, Filters and Options collections, Simplify, Exclude IDs, ordering, the v3 "All"
 * list, the Delete Many properties. What runs lives in `../Userlike/helpers/` and `./query.ts`; what
 * n8n shows lives here, in `./conversationFields.ts` and in each resource's `fields.ts`.
 * The Request Options collection (the transport's settings, read in ./transport.ts) is here too.
 */
import type { INodeProperties } from 'n8n-workflow';

import { capitalize, timeoutOption } from '../http';
import { MAX_PAGE_SIZE } from './constants';

type LocatorKind = 'conversation' | 'contact' | 'operator' | 'note';

const searchMethods: Record<LocatorKind, string> = {
	conversation: 'searchConversations',
	contact: 'searchContacts',
	operator: 'searchOperators',
	note: 'searchNotes',
};

/** A resource locator (From List / By ID) for a conversation, contact, operator or note. */
export function locator(
	kind: LocatorKind,
	overrides: Partial<INodeProperties> = {},
): INodeProperties {
	return {
		displayName: capitalize(kind),
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
export const noteLocator = locator('note');

export const limitProperties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

export const simplifyProperty: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};

export const excludeIdsOption: INodeProperties = {
	displayName: 'Exclude IDs',
	name: 'excludeIds',
	type: 'string',
	default: '',
	placeholder: 'e.g. 12, 13, 14',
	description: 'IDs that Userlike leaves out, comma-separated (sent as exclude_ids)',
};

/** The Filters collection of a list (its keys are Userlike's query parameters). */
export function filtersCollection(
	options: INodeProperties[],
	description = 'Filters are combined with AND',
): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description,
		options,
	};
}

/** The Options collection of an operation. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}

export function orderingOption(fields: Array<[string, string]>): INodeProperties {
	return {
		displayName: 'Order By',
		name: 'ordering',
		type: 'options',
		default: '',
		description: 'Sort order of the results (sent as ordering). Default: newest ID first.',
		options: [
			{ name: 'Default (Newest ID First)', value: '' },
			...fields.flatMap(([value, label]) => [
				{ name: `${label} (Ascending)`, value },
				{ name: `${label} (Descending)`, value: `-${value}` },
			]),
		],
	};
}

/** v3 added `<endpoint>all/` ("list of all …") beside the plain list endpoint. */
export function allListOption(plural: string, endpoint: string): INodeProperties {
	return {
		displayName: 'List',
		name: 'list',
		type: 'options',
		default: 'default',
		description: `Which list to read: ${endpoint} or v3's ${endpoint}all/ (the list of all ${plural})`,
		options: [
			{ name: 'Default List', value: 'default' },
			{ name: 'All (API V3)', value: 'all' },
		],
	};
}

/** The properties of Delete Many (conversations, contacts); `../helpers/deleteMany.ts` runs them. */
export function deleteManyProperties(
	spec: { noun: string; plural: string },
	filters: INodeProperties,
): INodeProperties[] {
	return [
		{
			displayName: 'Delete By',
			name: 'deleteBy',
			type: 'options',
			default: 'ids',
			options: [
				{
					name: 'IDs',
					value: 'ids',
					description: `Delete exactly the ${spec.plural} named (sent as delete_ids with a matching limit, 100 per call, across all input items)`,
				},
				{
					name: 'Filters and Search',
					value: 'filters',
					description: `Delete the ${spec.plural} that match, up to a limit of at most 100 per call`,
				},
			],
		},
		{
			displayName: `${capitalize(spec.noun)} IDs`,
			name: 'ids',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 12, 13, 14',
			description: `IDs of the ${spec.plural} to delete, comma-separated, or an array from an expression`,
			displayOptions: { show: { deleteBy: ['ids'] } },
		},
		{ ...filters, displayOptions: { show: { deleteBy: ['filters'] } } },
		{
			displayName: 'Max to Delete',
			name: 'deleteLimit',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_PAGE_SIZE },
			default: 10,
			description: `Max number of matching ${spec.plural} to delete (Userlike deletes at most 100 per call, newest first)`,
			displayOptions: { show: { deleteBy: ['filters'] } },
		},
		{
			displayName: 'Delete Without Filters',
			name: 'deleteWithoutFilters',
			type: 'boolean',
			default: false,
			description: `Whether to allow a delete with no filter and no search query: it removes the newest ${spec.plural} of the organization, up to Max to Delete`,
			displayOptions: { show: { deleteBy: ['filters'] } },
		},
		optionsCollection([
			{
				...excludeIdsOption,
				description: `IDs never to delete, comma-separated`,
			},
		]),
	];
}

/** Settings of the transport that every operation shares (read in ./transport.ts). */
export const requestOptions: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		timeoutOption(
			'How long one request to Userlike may take, from its start to the last byte of the answer. A read that took longer is retried (up to 5 attempts); a create, update or delete that took longer is not repeated and fails.',
		),
	],
};
