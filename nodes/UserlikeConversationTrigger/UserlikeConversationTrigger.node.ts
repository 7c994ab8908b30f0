import type {
	IDataObject,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { conversationFilters } from '../shared/jsonApi/conversationFields';
import { USERLIKE_API_CREDENTIAL } from '../shared/jsonApi/constants';
import {
	optionsCollection,
	requestOptions,
	simplifyProperty,
} from '../shared/jsonApi/descriptions';
import { DAILY_QUOTA, MESSAGES_BUDGET_WARNING_CONDITION, pollBudget } from './budget';
import { initialState, pollChanges, readSettings } from './changes';
import { sampleChange } from './sample';
import { readState, writeState } from './state';

/** The conversation list filters the trigger offers, exactly as Get Many has them. */
const TRIGGER_FILTERS = ['operator_id', 'um_widget_id', 'status', 'topics'];

const filters: INodeProperties = {
	...conversationFilters,
	options: (conversationFilters.options as INodeProperties[]).filter((option) =>
		TRIGGER_FILTERS.includes(option.name),
	),
};

export class UserlikeConversationTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Userlike Conversation Trigger',
		name: 'userlikeConversationTrigger',
		icon: { light: 'file:../../icons/userlike.svg', dark: 'file:../../icons/userlike.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ $parameter["event"] === "newConversation" ? "New conversations" : $parameter["event"] === "updatedConversation" ? "Updated conversations" : "New or updated conversations" }}',
		// n8n's nodes panel shows this description under the full name "Userlike Conversation Trigger":
		// the event parameter's label is not "Event" (n8n would list each event as an entry of its own,
		// titled "Userlike Conversation" like an action node).
		description:
			'Starts the workflow when Userlike conversations are new or updated, checked on a schedule (polling)',
		defaults: { name: 'Userlike Conversation Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: USERLIKE_API_CREDENTIAL, required: true }],
		hints: [
			{
				type: 'warning',
				location: 'outputPane',
				whenToDisplay: 'always',
				displayCondition: MESSAGES_BUDGET_WARNING_CONDITION,
				message: `Include New Messages costs one more request per changed conversation (more past 100 new messages), on the same ${DAILY_QUOTA.toLocaleString('en-US')} requests a day as the polls: polling every minute (1,440 a day when idle) leaves room for 3,560 changed conversations a day. Poll less often, or read messages with a Userlike node only where needed.`,
			},
		],
		properties: [
			{
				displayName: `Each poll costs 1 of the ${DAILY_QUOTA.toLocaleString('en-US')} requests a day Userlike allows (more when conversations changed): every minute = 1,440 a day, every 5 minutes = 288`,
				name: 'budgetNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Watch For',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				default: 'newOrUpdated',
				options: [
					{
						name: 'New Conversation',
						value: 'newConversation',
						description: 'A conversation was started since the last poll',
					},
					{
						name: 'New or Updated Conversation',
						value: 'newOrUpdated',
						description:
							'Either; a conversation that was started and then changed again before the poll comes out once, as new',
					},
					{
						name: 'Updated Conversation',
						value: 'updatedConversation',
						description:
							'An older conversation changed since the last poll: a message was sent in it, or its status, operator or topics changed',
					},
				],
			},
			filters,
			simplifyProperty,
			optionsCollection([
				{
					displayName: 'Include New Messages',
					name: 'includeNewMessages',
					type: 'boolean',
					default: false,
					description:
						'Whether each conversation carries new_messages: the messages sent since the previous poll, oldest first, none twice within the workflow. A new conversation carries all its messages; an updated one those sent since the previous poll (not those sent before it, even when the event filter left the conversation out then). Costs one more request per conversation (one per 100 new messages).',
				},
			]),
			requestOptions,
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const settings = readSettings.call(this);
		if (this.getMode() === 'manual') {
			return [await sampleChange.call(this, settings)];
		}

		const staticData = this.getWorkflowStaticData('node');
		const now = Date.now();
		const state = readState(staticData);
		if (!state) {
			// Activation: warn (in n8n's log) about a schedule that needs more than the daily quota by itself.
			const { idleRequestsPerDay } = pollBudget(
				this.getNodeParameter('pollTimes', {}) as IDataObject,
			);
			if (idleRequestsPerDay !== undefined && idleRequestsPerDay > DAILY_QUOTA) {
				this.logger.warn(
					`Userlike Conversation Trigger "${this.getNode().name}": its poll times make ${idleRequestsPerDay.toLocaleString('en-US')} requests a day even when nothing changes, more than the ${DAILY_QUOTA.toLocaleString('en-US')} Userlike allows; Userlike answers 429 once they are used. Poll less often (e.g. every 5 minutes = 288 requests a day).`,
				);
			}
			// The first poll emits nothing: the cursor starts now.
			writeState(staticData, await initialState.call(this, settings, now));
			return null;
		}

		const outcome = await pollChanges.call(this, state, settings, now);
		writeState(staticData, outcome.state);
		return outcome.items.length ? [outcome.items] : null;
	}
}
