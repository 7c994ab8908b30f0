import type { INodeProperties } from 'n8n-workflow';

import { filtersCollection, orderingOption } from '../../../shared/jsonApi/descriptions';
import { clearFieldsProperty } from '../../helpers/updateFields';

/** The 7 filters of the contact list (JSON API tutorial, "Contact list endpoint filters"), plus search. */
export const contactFilters: INodeProperties = filtersCollection([
	{
		displayName: 'Active After',
		name: 'from_date_time',
		type: 'dateTime',
		default: '',
		description: 'Contacts active after this time',
	},
	{
		displayName: 'Active Before',
		name: 'to_date_time',
		type: 'dateTime',
		default: '',
		description: 'Contacts active before this time',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. nathan@example.com',
		default: '',
		description: 'The contact with this email address',
	},
	{
		displayName: 'ID',
		name: 'id',
		type: 'number',
		default: 0,
		description: 'The contact with this ID',
	},
	{
		displayName: 'Locale',
		name: 'locale',
		type: 'string',
		default: '',
		placeholder: 'e.g. en_US',
		description: 'Contacts with this locale',
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		placeholder: 'e.g. David Voswinkel',
		description: 'Contacts with this name',
	},
	{
		displayName: 'Search Query',
		name: 'search_query',
		type: 'string',
		default: '',
		placeholder: 'e.g. gregor cologne',
		description:
			"Keywords separated by spaces, any of which may match (prefix match on the contact's name, email, street, city and country, then on your notes); results are ranked by relevance",
	},
	{
		displayName: 'Verified',
		name: 'verified',
		type: 'options',
		// Adding the filter selects nothing yet: the first choice says so, and sends no filter.
		default: '',
		options: [
			{ name: 'Either (Choose One to Filter)', value: '' },
			{ name: 'Not Verified', value: 'false' },
			{ name: 'Verified', value: 'true' },
		],
		description: 'Whether the contact has a verified email or mobile number',
	},
]);

export const contactOrdering = orderingOption([
	['created_at', 'Created At'],
	['name', 'Name'],
	['email', 'Email'],
]);

/**
 * What Simplify keeps of a contact: every field Userlike's docs name for contacts, dropping nested
 * bulk (`custom_field_data`, `imports`) and keys no doc names. Named by the JSON API tutorial
 * (https://www.userlike.com/en/public/tutorial/um/api/intro: "Contact list endpoint filters",
 * "Contact single endpoint - PATCH") and by the contact inside the conversation payload on
 * https://docs.userlike.com/features/add-ons/lime-crm ("Payload example").
 */
export const contactSimplifiedKeys = [
	'id',
	'uuid',
	'name',
	'email',
	'email_verified',
	'salutation',
	'gender',
	'company',
	'position',
	'street',
	'city',
	'country',
	'locale',
	'phone_number',
	'mobile_number',
	'is_mobile_number_verified',
	'external_customer_id',
	'instagram_username',
	'url_facebook',
	'url_twitter',
	'url_linkedin',
	'url_profile_picture',
	'contact_by_email',
	'contact_by_phone',
	'contact_by_userlike_channels',
	'contact_by_userlike_messenger',
	'is_blocked',
	'loc_lat',
	'loc_lon',
	'created_at',
	'first_message_sent_at',
	'last_message_sent_at',
	'last_import_date',
	'last_import_relevant_update',
] as const;

function contactChannel(name: string, label: string): INodeProperties {
	return {
		displayName: `Contact by ${label}`,
		name,
		type: 'boolean',
		default: true,
		description: `Whether the contact wants to be contacted via ${label}`,
	};
}

/** The 18 fields Userlike lets you PATCH on a contact ("Contact single endpoint - PATCH"). */
export const contactUpdateFields: INodeProperties = {
	displayName: 'Update Fields',
	name: 'updateFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	required: true,
	options: [
		{
			displayName: 'City',
			name: 'city',
			type: 'string',
			default: '',
			placeholder: 'e.g. Cologne',
		},
		contactChannel('contact_by_email', 'Email'),
		contactChannel('contact_by_userlike_channels', 'Channels'),
		contactChannel('contact_by_phone', 'Phone'),
		contactChannel('contact_by_userlike_messenger', 'Website Messenger'),
		{
			displayName: 'Country',
			name: 'country',
			type: 'string',
			default: '',
			placeholder: 'e.g. DE',
			description: 'Two-letter ISO 3166-1 country code',
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			default: '',
			placeholder: 'e.g. nathan@example.com',
		},
		{
			displayName: 'External Customer ID',
			name: 'external_customer_id',
			type: 'string',
			default: '',
			placeholder: 'e.g. CRM-123',
			description: 'The ID of the contact in another system, such as your CRM',
		},
		{
			displayName: 'Facebook URL',
			name: 'url_facebook',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://facebook.com/xy',
		},
		{
			displayName: 'Gender',
			name: 'gender',
			type: 'string',
			default: '',
			placeholder: 'e.g. f',
		},
		{
			displayName: 'LinkedIn URL',
			name: 'url_linkedin',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://linkedin.com/in/xy',
		},
		{
			displayName: 'Mobile Number',
			name: 'mobile_number',
			type: 'string',
			default: '',
			placeholder: 'e.g. +49521234567',
		},
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			placeholder: 'e.g. Jane Doe',
		},
		{
			displayName: 'Phone Number',
			name: 'phone_number',
			type: 'string',
			default: '',
			placeholder: 'e.g. +49521234567',
		},
		{
			displayName: 'Profile Picture URL',
			name: 'url_profile_picture',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://example.com/picture.png',
		},
		{
			displayName: 'Salutation',
			name: 'salutation',
			type: 'string',
			default: '',
			placeholder: 'e.g. mrs',
			description: 'How the contact wishes to be addressed',
		},
		{
			displayName: 'Street',
			name: 'street',
			type: 'string',
			default: '',
			placeholder: 'e.g. Sunset Blvd',
		},
		{
			displayName: 'Twitter URL',
			name: 'url_twitter',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://twitter.com/xy',
		},
	],
};

/** Text fields to erase on purpose (an empty value in Update Fields is refused otherwise). */
export const contactClearFields: INodeProperties = clearFieldsProperty(
	contactUpdateFields,
	'contact',
);
