import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { manualWebhookMethods } from '../shared/manualWebhook';
import { verifyWebhookSecret } from '../shared/webhookAuth';
import { CHATBOT_WEBHOOK_EVENTS, parseChatbotWebhook, toOutputItem } from './webhookCall';

const CHATBOT_CREDENTIAL = 'userlikeChatbotApi';

export class UserlikeChatbotTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Userlike Chatbot Trigger',
		name: 'userlikeChatbotTrigger',
		icon: { light: 'file:../../icons/userlike.svg', dark: 'file:../../icons/userlike.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{($parameter["events"] || []).join(", ")}}',
		description:
			"Starts the workflow when Userlike calls a chatbot's webhook (chat started, message, click)",
		defaults: { name: 'Userlike Chatbot Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				// Only for the webhook header; without it every call is accepted.
				name: 'userlikeChatbotApi',
				required: false,
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: '={{$parameter["responseMode"]}}',
				// With "Immediately" the body stays empty: Userlike reads an empty body as "no events".
				responseData: 'noData',
				path: 'webhook',
			},
		],
		eventTriggerDescription: 'Waiting for Userlike to call the Test URL',
		activationMessage:
			"Userlike can now call the Production URL. Paste it into the bot's Webhook URL in Userlike if you have not yet.",
		properties: [
			{
				displayName:
					"Userlike has no API to register webhook URLs: copy the Production URL above into Userlike, Dashboard > Team > Chatbots > your API bot > Edit > Webhook URL (the Test URL can stand there while you build). To accept only Userlike's calls, add a header under the bot's Webhook Headers and the same name and value to the credential.",
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
						name: 'Using Userlike Chatbot Node',
						value: 'responseNode',
						description:
							'Userlike waits for a Userlike Chatbot node set to "Respond to Chatbot Webhook"; its events are the answer',
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
			{
				displayName:
					'Add a Userlike Chatbot node with Delivery "Respond to Chatbot Webhook". Reply fast: Userlike waits for the answer while the contact waits for the bot. For slow work, answer with a short message and send the result later to the API URL.',
				name: 'responseNodeNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { responseMode: ['responseNode'] } },
			},
		],
	};

	// Userlike has no API to register webhook URLs: see manualWebhookMethods.
	webhookMethods = manualWebhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		if (!(await verifyWebhookSecret.call(this, CHATBOT_CREDENTIAL, true))) {
			return { noWebhookResponse: true };
		}
		const response = this.getResponseObject();
		const parsed = parseChatbotWebhook(this.getBodyData());
		if (!parsed.ok) {
			response
				.status(400)
				.json({ message: `Not a Userlike chatbot webhook call: ${parsed.reason}` });
			return { noWebhookResponse: true };
		}
		const events = this.getNodeParameter('events', []) as string[];
		if (!events.includes(parsed.call.packet.event)) {
			// 200 with an empty body: Userlike expects 200, and no body means no events.
			response.status(200).end();
			return { noWebhookResponse: true };
		}
		return {
			workflowData: [this.helpers.returnJsonArray([toOutputItem(parsed.call) as IDataObject])],
		};
	}
}
