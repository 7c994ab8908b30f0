import type { INodeProperties } from 'n8n-workflow';

import { filtersCollection, orderingOption } from '../../../shared/jsonApi/descriptions';

/** The 4 filters of the operator list ("Operator list endpoint filters"). */
export const operatorFilters: INodeProperties = filtersCollection([
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		default: '',
		placeholder: 'e.g. nathan@example.com',
		description: 'The operator with this email address',
	},
	{
		displayName: 'ID',
		name: 'id',
		type: 'number',
		default: 0,
		description: 'The operator with this ID',
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		placeholder: 'e.g. David Voswinkel',
		description: 'Operators with this name',
	},
	{
		displayName: 'Operator Group ID',
		name: 'operator_group_id',
		type: 'number',
		default: 0,
		description: 'Operators of this operator group',
	},
]);

export const operatorOrdering = orderingOption([
	['created_at', 'Created At'],
	['name', 'Name'],
	['email', 'Email'],
]);

/**
 * What Simplify keeps of an operator: the fields Userlike's JSON API tutorial names for operators
 * (https://www.userlike.com/en/public/tutorial/um/api/intro: "Operator list endpoint filters" and
 * "... ordering", the group and organization of "Operator single endpoint - GET", `out_of_office` of
 * "... PATCH", and the slot data the list includes, "Operator single endpoint - slot view":
 * availability, available, connected, free, used, total). The 26 notification and sound switches go.
 */
export const operatorSimplifiedKeys = [
	'id',
	'name',
	'email',
	'operator_group_id',
	'operator_group',
	'organization',
	'created_at',
	'out_of_office',
	'availability',
	'available',
	'connected',
	'free',
	'used',
	'total',
] as const;

// "Operator single endpoint - PATCH": browser notifications, sounds, mute and out of office.
const notifications: Array<[string, string]> = [
	['um_notification_chat_session_forward', 'reassigned conversations'],
	['um_notification_conversation_end', 'ended conversations'],
	['um_notification_conversation_end_own', 'own conversations ending'],
	['um_notification_conversation_feedback', 'conversation feedback'],
	['um_notification_conversation_feedback_own', 'feedback in own conversations'],
	['um_notification_conversation_goal', 'reached Widget goals'],
	['um_notification_conversation_goal_own', 'Widget goals reached in own conversations'],
	['um_notification_conversation_live', 'incoming live conversations'],
	['um_notification_conversation_not_live', 'timeouts reached in a conversation'],
	['um_notification_conversation_offline_assigned', 'assigned offline conversations'],
	['um_notification_conversation_offline_unassigned', 'unassigned conversations'],
	['um_notification_conversation_post_survey', 'post-conversation surveys'],
	['um_notification_conversation_post_survey_own', 'survey answers in own conversations'],
	['um_notification_conversation_rating', 'conversation ratings'],
	['um_notification_conversation_rating_own', 'ratings of own conversations'],
	['um_notification_conversation_started', 'conversations started or resumed'],
	['um_notification_message_receive', 'new messages'],
	['um_notification_operator_availability', 'operator status changes'],
];

const sounds: Array<[string, string]> = [
	['sound_connect', 'connecting to the Message Center'],
	['sound_conversation_live', 'received live conversations'],
	['sound_conversation_offline', 'received offline conversations'],
	['sound_disconnect', 'disconnecting from the Message Center'],
	['sound_message_new', 'a new message in a conversation'],
	['sound_operator_off', 'an operator going offline'],
	['sound_operator_on', 'an operator going online'],
];

function words(text: string): string {
	return text
		.split(/[_\s]+/)
		.map((word) => word.charAt(0).toUpperCase() + word.slice(1))
		.join(' ');
}

export const operatorUpdateFields: INodeProperties = {
	displayName: 'Update Fields',
	name: 'updateFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	required: true,
	options: [
		{
			displayName: 'Availability',
			name: 'available',
			type: 'options',
			default: 'online',
			// Shown and stored as online/away; sent as Userlike's `available` boolean (operator.update).
			options: [
				{ name: 'Away', value: 'away' },
				{ name: 'Online', value: 'online' },
			],
			description: "Toggle the operator's availability between online and away",
		},
		{
			displayName: 'Mute All Notifications',
			name: 'notification_mute',
			type: 'boolean',
			default: false,
			description: 'Whether all notifications are muted',
		},
		{
			displayName: 'Out of Office',
			name: 'out_of_office',
			type: 'boolean',
			default: true,
			description: 'Whether the operator is out of office',
		},
		...notifications.map(
			([name, what]): INodeProperties => ({
				displayName: `Notify: ${words(what)}`,
				name,
				type: 'boolean',
				default: true,
				description: `Whether the browser notifies the operator of ${what}`,
			}),
		),
		...sounds.map(
			([name, what]): INodeProperties => ({
				displayName: `Sound: ${words(what)}`,
				name,
				type: 'boolean',
				default: true,
				description: `Whether a sound plays for ${what}`,
			}),
		),
	],
};
