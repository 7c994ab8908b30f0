import type { INodeProperties } from 'n8n-workflow';

import { filtersCollection, orderingOption } from './descriptions';

/** The 14 filters of the conversation list (JSON API tutorial, "Conversation list endpoint filters"), plus search. */
export const conversationFilters: INodeProperties = filtersCollection([
	{
		displayName: 'Contact ID',
		name: 'contact_identity_id',
		type: 'number',
		default: 0,
		description: 'Conversations that belong to this contact',
	},
	{
		displayName: 'Contact UUID',
		name: 'contact_uuid',
		type: 'string',
		default: '',
		placeholder: 'e.g. MGEwYWJmZmEtN2M1OS01NGI2LWE2OWYtZWYxNDY4OWM0YWQ3',
		description: 'Conversations with the contact of this UUID',
	},
	{
		displayName: 'First Contact Message After',
		name: 'contact_first_message_from_date',
		type: 'dateTime',
		default: '',
		description: 'Conversations whose first contact message was sent after this time',
	},
	{
		displayName: 'First Contact Message Before',
		name: 'contact_first_message_to_date',
		type: 'dateTime',
		default: '',
		description: 'Conversations whose first contact message was sent before this time',
	},
	{
		displayName: 'ID Greater Than',
		name: 'id__gt',
		type: 'number',
		default: 0,
		description: 'Conversations with an ID greater than this one',
	},
	{
		displayName: 'ID Less Than',
		name: 'id__lt',
		type: 'number',
		default: 0,
		description: 'Conversations with an ID smaller than this one',
	},
	{
		displayName: 'Last Contact Message After',
		name: 'contact_last_message_from_date',
		type: 'dateTime',
		default: '',
		description: 'Conversations whose last contact message was sent after this time',
	},
	{
		displayName: 'Last Contact Message Before',
		name: 'contact_last_message_to_date',
		type: 'dateTime',
		default: '',
		description: 'Conversations whose last contact message was sent before this time',
	},
	{
		displayName: 'Operator ID',
		name: 'operator_id',
		type: 'number',
		default: 0,
		description: 'Conversations of this operator',
	},
	{
		displayName: 'Search Query',
		name: 'search_query',
		type: 'string',
		default: '',
		placeholder: 'e.g. gregor cologne',
		description:
			"Keywords separated by spaces, any of which may match (prefix match on the contact's name, email, street and city, then on the messages); results are ranked by relevance",
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'string',
		default: '',
		placeholder: 'e.g. pending',
		description: 'Conversations that have this status',
	},
	{
		displayName: 'Topic',
		name: 'topics',
		type: 'string',
		default: '',
		placeholder: 'e.g. Support',
		description: 'Conversations that carry this topic label',
	},
	{
		displayName: 'Updated After',
		name: 'updated_at_from_date',
		type: 'dateTime',
		default: '',
		description:
			'Conversations last updated after this time (new messages count as updates): use it to sync recent changes',
	},
	{
		displayName: 'Updated Before',
		name: 'updated_at_to_date',
		type: 'dateTime',
		default: '',
		description: 'Conversations last updated before this time (new messages count as updates)',
	},
	{
		displayName: 'Widget ID',
		name: 'um_widget_id',
		type: 'number',
		default: 0,
		description: 'Conversations held (at least partly) through this widget',
	},
]);

export const conversationOrdering = orderingOption([
	['id', 'ID'],
	['last_message_sent_at', 'Last Message Sent At'],
	['contact_first_message_sent_at', 'Contact First Message Sent At'],
	['contact_last_update_at', 'Contact Last Updated At'],
	['contact_last_message_sent_at', 'Contact Last Message Sent At'],
]);

/**
 * What Simplify keeps of a conversation: every key Userlike's docs name for conversations, dropping
 * nested bulk (`addon_urls`, full message lists) and keys no doc names. Named by the JSON API tutorial
 * (https://www.userlike.com/en/public/tutorial/um/api/intro: "Conversation list endpoint filters" and
 * "... ordering", and "list items only contain the last message") and by the conversation payload on
 * https://docs.userlike.com/features/add-ons/lime-crm ("Payload example").
 */
export const conversationSimplifiedKeys = [
	'id',
	'status',
	'topics',
	'contact',
	'contact_identity_id',
	'contact_uuid',
	'operator_id',
	'um_widget_id',
	'accepts_messages',
	'channel_custom_contact_identifier',
	'channel_custom_conversation_identifier',
	'updated_at',
	'contact_first_message_sent_at',
	'contact_last_message_sent_at',
	'contact_last_update_at',
	'last_message_sent_at',
	'last_message',
] as const;
