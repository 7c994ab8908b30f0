import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { manualWebhookMethods } from '../shared/webhook/manualWebhook';
import { CHATBOT_CREDENTIAL } from '../shared/webhook/secret';
import type { WebhookTriggerSpec } from '../shared/webhook/trigger';
import {
	receiveWebhook,
	responseModeField,
	webhookTriggerDescription,
} from '../shared/webhook/trigger';
import type { ParsedWebhookCall } from './webhookCall';
import { CHATBOT_WEBHOOK_EVENTS, parseChatbotWebhook, toOutputItem } from './webhookCall';

export class UserlikeChatbotTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Userlike Chatbot Trigger',
		name: 'userlikeChatbotTrigger',
		icon: { light: 'file:../../icons/userlike.svg', dark: 'file:../../icons/userlike.dark.svg' },
		subtitle: '={{($parameter["events"] || []).join(", ")}}',
		...webhookTriggerDescription(responseModeField('responseMode')),
		// n8n's nodes panel shows this trigger and the Userlike Chatbot node (its actions) as one
		// "Userlike Chatbot" entry with this description: so it names both.
		description:
			'Run a Userlike chatbot: start on a chat, a message or a click, reply with messages, buttons, forwards to a human',
		defaults: { name: 'Userlike Chatbot Trigger' },
		credentials: [
			{
				// Only for the webhook header; without it every call is accepted.
				name: CHATBOT_CREDENTIAL,
				required: false,
			},
		],
		activationMessage:
			"Userlike can now call the Production URL. Paste it into the bot's Webhook URL in Userlike if you have not yet.",
		properties: [
			{
				displayName:
					'Paste the Production URL into Userlike: Dashboard > Team > Chatbots > your API bot > Edit > Webhook URL (the Test URL while you build)',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: ['start', 'message', 'click'],
				description:
					'The webhook events that start the workflow. Others are answered 200 with no events.',
				hint: 'Each item carries chatInput (the text) and sessionId (the cid): an AI Agent and its memory read them by default',
				options: CHATBOT_WEBHOOK_EVENTS.map(({ name, value, description }) => ({
					name,
					value,
					description,
				})),
			},
			{
				displayName: 'Respond',
				name: 'responseMode',
				type: 'options',
				default: 'responseNode',
				options: [
					{
						name: 'Using Userlike Chatbot Reply Node',
						value: 'responseNode',
						description:
							'Userlike waits for a Userlike Chatbot Reply node set to "Respond to Chatbot Webhook"; its events are the answer. Reply fast: the contact waits too. For slow work, answer briefly and send the result later to the API URL.',
					},
					{
						name: 'Immediately, With No Events',
						value: 'onReceived',
						description:
							'Answer 200 with an empty body at once; the workflow can send events later to the API URL',
					},
				],
				description: 'How Userlike gets its answer to the webhook call',
			},
		],
	};

	// Userlike has no API to register webhook URLs: see manualWebhookMethods.
	webhookMethods = manualWebhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveWebhook(this, chatbotWebhook);
	}
}

const chatbotWebhook: WebhookTriggerSpec<Extract<ParsedWebhookCall, { ok: true }>> = {
	credential: CHATBOT_CREDENTIAL,
	// The chatbot credential's header fields are optional (it also holds the API URL's token).
	secretOptional: true,
	kind: 'Userlike chatbot webhook call',
	parse: parseChatbotWebhook,
	chosen: ({ call }, events) => events.includes(call.packet.event),
	// 200 with an empty body: Userlike expects 200, and no body means no events.
	ignore: (_, response) => {
		response.status(200).end();
	},
	output: ({ call }) => toOutputItem(call) as IDataObject,
};
