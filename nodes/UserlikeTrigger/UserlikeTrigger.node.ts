import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { manualWebhookMethods } from '../shared/webhook/manualWebhook';
import { testHeaderSecretCredential, WEBHOOK_HEADER_CREDENTIAL } from '../shared/webhook/secret';
import type { WebhookTriggerSpec } from '../shared/webhook/trigger';
import { receiveWebhook, webhookTriggerDescription } from '../shared/webhook/trigger';
import type { ParsedCallback } from './callbacks';
import { ADDON_EVENTS, ALL_EVENTS, parseAddonCallback, toOutputItem } from './callbacks';

export class UserlikeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Userlike Trigger',
		name: 'userlikeTrigger',
		icon: { light: 'file:../../icons/userlike.svg', dark: 'file:../../icons/userlike.dark.svg' },
		subtitle: '={{($parameter["events"] || []).join(", ")}}',
		...webhookTriggerDescription({ responseMode: 'onReceived' }),
		// n8n's nodes panel merges this trigger with the Userlike node into one entry and shows this text
		// for both (its node creator gives the merged entry the trigger's description): so it names both.
		description:
			'Read and manage Userlike conversations, messages, notes, contacts and operators, or start a workflow on Userlike add-on callbacks',
		defaults: { name: 'Userlike Trigger' },
		credentials: [
			{
				// Written out (not WEBHOOK_HEADER_CREDENTIAL): n8n's lint finds the credential's testedBy
				// only in a literal name.
				name: 'userlikeWebhookHeaderApi',
				required: false,
				testedBy: 'userlikeWebhookHeaderTest',
			},
		],
		activationMessage:
			'Userlike can now call the Production URL. Paste it into Userlike (Dashboard > Add-ons > API > Callback URL) if you have not yet.',
		properties: [
			{
				displayName:
					'Paste the Production URL into Userlike: Dashboard > Add-ons > API > Callback URL, and tick the events chosen below (the Test URL while you build)',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: [],
				description:
					'The callbacks that start the workflow. Each output item carries the whole callback plus "type" and "event" (e.g. chat_session.start).',
				hint: 'Userlike sends every event ticked in the Dashboard to this one URL: each call is answered 200, and only the events chosen here start the workflow',
				options: [
					{
						name: 'All Events',
						value: ALL_EVENTS,
						description: 'Every callback Userlike sends, including events not listed here',
					},
					...ADDON_EVENTS.map(({ name, value, description }) => ({
						name,
						value,
						description,
					})),
				],
			},
		],
	};

	methods = {
		credentialTest: {
			userlikeWebhookHeaderTest: testHeaderSecretCredential,
		},
	};

	// Userlike has no API to register webhook URLs: see manualWebhookMethods.
	webhookMethods = manualWebhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveWebhook(this, addonWebhook);
	}
}

const addonWebhook: WebhookTriggerSpec<Extract<ParsedCallback, { ok: true }>> = {
	credential: WEBHOOK_HEADER_CREDENTIAL,
	kind: 'Userlike add-on callback',
	parse: parseAddonCallback,
	chosen: ({ event }, events) => events.includes(ALL_EVENTS) || events.includes(event),
	// Userlike expects 200 for every callback; one that is not chosen starts nothing.
	ignore: ({ event }, response) => {
		response.status(200).json({ status: 'ignored', event });
	},
	output: (parsed) => toOutputItem(parsed) as IDataObject,
};
