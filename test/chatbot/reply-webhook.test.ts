/**
 * Userlike Chatbot Trigger → Userlike Chatbot ("Respond to Chatbot Webhook"): the trigger runs in
 * n8n-core's WebhookContext, the workflow in n8n-core's WorkflowExecute, and the tests read the HTTP
 * answer Userlike gets (the reply node's `sendResponse`).
 */
import type {
	IDataObject,
	INodeExecutionData,
	INodePropertyOptions,
	INodeTypeDescription,
} from 'n8n-workflow';

import { loadPackage, runWorkflow } from '../harness/n8n';
import { chatbotCall, chatbotTrigger, useWebhookServer } from '../triggers/helpers';
import { replyNode } from './helpers';
import { CUSTOM_REPLY_EVENT, REPLY_EVENTS } from '../contract';

const ctx = useWebhookServer();
const CID = 'cid-4f2a9c';
const trigger = chatbotTrigger({ responseMode: 'responseNode' });

const envelope = (event: string, payload: IDataObject = {}, context?: IDataObject) => ({
	info: context ? { cid: CID, context } : { cid: CID },
	packet: { event, payload },
});

async function reply(
	parameters: IDataObject,
	body: IDataObject = chatbotCall('message', { body: 'hi' }),
) {
	return await ctx.server.call({
		trigger,
		nodes: [replyNode('Userlike Chatbot', parameters)],
		request: { json: body },
	});
}

/** Each reply event: the node's parameters and the payload Userlike gets. */
const EVENT_CASES: Array<[string, IDataObject, IDataObject]> = [
	['message', { body: 'Hi! How can I help you?' }, { body: 'Hi! How can I help you?' }],
	[
		'bubbles',
		{
			body: 'What is it about?',
			bubbleOptions: {
				option: [{ title: 'Delivery status of an order' }, { title: 'Something else' }],
			},
		},
		{
			body: 'What is it about?',
			options: [{ title: 'Delivery status of an order' }, { title: 'Something else' }],
		},
	],
	[
		'carousel',
		{
			carouselOptions: {
				option: [
					{ title: 'Running shoes', imageUrl: 'https://shop.example/img/shoes.png' },
					{ title: 'Socks', imageUrl: 'https://shop.example/img/socks.png' },
				],
			},
		},
		{
			options: [
				{ title: 'Running shoes', image_url: 'https://shop.example/img/shoes.png' },
				{ title: 'Socks', image_url: 'https://shop.example/img/socks.png' },
			],
		},
	],
	[
		'navigate',
		{ url: 'https://shop.example/shipping' },
		{ url: 'https://shop.example/shipping', fallback: 'Please open this page: {{link}}' },
	],
	[
		'contact_update',
		{
			contactFields: {
				name: ' Anna Schmidt ',
				email: 'anna@example.com',
				mobileNumber: '+49 151 2345678',
			},
		},
		{ name: 'Anna Schmidt', email: 'anna@example.com', mobile_number: '+49 151 2345678' },
	],
	['abort', {}, {}],
	['end', {}, {}],
	['forward_group', { groupId: '14' }, { group_id: 14 }],
	['forward_any', {}, {}],
];

describe('Userlike Chatbot: node description', () => {
	it('has the 9 reply events and Custom Event by their values, three deliveries, and needs the credential only for the API URL', async () => {
		const { nodeTypes } = await loadPackage();
		const type = nodeTypes.getByNameAndVersion('n8n-nodes-userlike.userlikeChatbot', 1);
		const values = (name: string) =>
			type.description.properties
				.find((p) => p.name === name)
				?.options?.map((o) => (o as { value: string }).value)
				.sort();
		expect(values('event')).toEqual([...REPLY_EVENTS, CUSTOM_REPLY_EVENT].sort());
		expect(values('delivery')).toEqual(['apiUrl', 'nextNode', 'webhookResponse']);
		expect(type.description.credentials).toEqual([
			{
				name: 'userlikeChatbotApi',
				required: true,
				displayOptions: { show: { delivery: ['apiUrl'] } },
			},
		]);
	});
});

describe("Userlike Chatbot version 2: the events are actions in n8n's nodes panel", () => {
	async function description() {
		const { loader } = await loadPackage();
		return (loader.nodeTypes.userlikeChatbot.type as { description: INodeTypeDescription })
			.description;
	}

	it('is "Userlike Chatbot", versions 1 and 2, new nodes get 2', async () => {
		const node = await description();
		expect(node.displayName).toBe('Userlike Chatbot');
		expect(node.name).toBe('userlikeChatbot');
		expect(node.version).toEqual([1, 2]);
		expect(node.defaultVersion).toBe(2);
	});

	it('version 2 picks the event with `operation` (what n8n lists actions from), each option with an action; version 1 keeps `event`', async () => {
		const node = await description();
		const operation = node.properties.find((p) => p.name === 'operation')!;
		const event = node.properties.find((p) => p.name === 'event')!;
		expect(operation.displayOptions).toEqual({ show: { '@version': [2] } });
		expect(event.displayOptions).toEqual({ show: { '@version': [1] } });
		const options = operation.options as INodePropertyOptions[];
		expect(options.map((o) => o.value).sort()).toEqual(
			[...REPLY_EVENTS, CUSTOM_REPLY_EVENT].sort(),
		);
		expect(event.options).toEqual(options);
		for (const option of options) expect(option.action).toMatch(/^[A-Z][a-z]/);
		expect(options.find((o) => o.value === 'message')?.action).toBe('Send a message');
		expect(options.find((o) => o.value === 'forward_any')?.action).toBe('Forward to any operator');
	});

	it("every field of an event is there for both versions, shown by that version's parameter", async () => {
		const node = await description();
		const byEvent = node.properties.filter((p) => p.displayOptions?.show?.event);
		const byOperation = node.properties.filter((p) => p.displayOptions?.show?.operation);
		expect(byEvent.length).toBeGreaterThan(8);
		expect(
			byOperation.map(({ displayOptions, ...rest }) => [rest, displayOptions?.show?.operation]),
		).toEqual(byEvent.map(({ displayOptions, ...rest }) => [rest, displayOptions?.show?.event]));
	});

	it.each(EVENT_CASES)(
		'%s: version 2 sends what version 1 sends',
		async (event, parameters, payload) => {
			const result = await ctx.server.call({
				trigger,
				nodes: [
					{ ...replyNode('Userlike Chatbot', { operation: event, ...parameters }), typeVersion: 2 },
				],
				request: { json: chatbotCall('message', { body: 'hi' }) },
			});
			expect(result.status).toBe(200);
			expect(result.body).toEqual([envelope(event, payload)]);
			expect(result.run?.output['Userlike Chatbot'][0].json).toMatchObject({ event, payload });
		},
	);
});

describe('Userlike Chatbot: every reply event type answers the webhook', () => {
	it.each(EVENT_CASES)('%s', async (event, parameters, payload) => {
		const result = await reply({ event, ...parameters });
		const expected = [envelope(event, payload)];
		// What the node gave to sendResponse …
		expect(result.run?.responses).toEqual([
			{
				body: expected,
				headers: { 'content-type': 'application/json; charset=utf-8' },
				statusCode: 200,
			},
		]);
		// … and the HTTP answer Userlike reads.
		expect(result.status).toBe(200);
		expect(result.headers['content-type']).toBe('application/json; charset=utf-8');
		expect(result.body).toEqual(expected);
		expect(result.run?.output['Userlike Chatbot'][0].json).toEqual({
			delivery: 'webhookResponse',
			cid: CID,
			event,
			payload,
			events: expected,
		});
	});

	it('the cid comes from the trigger output by default ($json.cid)', async () => {
		const result = await reply(
			{ event: 'message', body: '={{ "You said: " + $json.payload.body }}' },
			chatbotCall('message', { body: 'Where is my order?' }, { cid: 'cid-other' }),
		);
		expect(result.body).toEqual([
			{
				info: { cid: 'cid-other' },
				packet: { event: 'message', payload: { body: 'You said: Where is my order?' } },
			},
		]);
	});

	it('Additional Payload Fields are merged into the payload', async () => {
		const result = await reply({
			event: 'message',
			body: 'Hi',
			options: { additionalPayload: '{"markdown": true}' },
		});
		expect(result.body).toEqual([envelope('message', { body: 'Hi', markdown: true })]);
	});
});

describe('Userlike Chatbot: several events in one reply', () => {
	it('several input items give several events, in order', async () => {
		const items: INodeExecutionData[] = ['First', 'Second', 'Third'].map((text, index) => ({
			json: { cid: CID, event: 'message', payload: { body: text }, n: index },
		}));
		const result = await runWorkflow({
			nodes: [
				trigger,
				replyNode('Userlike Chatbot', { event: 'message', body: '={{ "Reply " + $json.n }}' }),
			],
			mode: 'webhook',
			startNode: 'Userlike Chatbot Trigger',
			input: items,
		});
		expect(result.error).toBeUndefined();
		expect(result.responses).toHaveLength(1);
		expect(result.responses[0]).toEqual({
			body: [0, 1, 2].map((n) => envelope('message', { body: `Reply ${n}` })),
			headers: { 'content-type': 'application/json; charset=utf-8' },
			statusCode: 200,
		});
		expect(result.output['Userlike Chatbot'].map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
	});

	it('nodes set to "Add to Next Userlike Chatbot Reply Node" hand their events on; the last one sends all', async () => {
		const result = await ctx.server.call({
			trigger,
			nodes: [
				replyNode('Save Name', {
					delivery: 'nextNode',
					event: 'contact_update',
					contactFields: { name: '={{ $json.payload.body }}' },
				}),
				replyNode('Ask Email', {
					delivery: 'nextNode',
					event: 'message',
					body: '={{ "Thanks, " + $json.payload.body + "! Your email address?" }}',
				}),
				replyNode('Offer Help', {
					event: 'bubbles',
					body: 'Or shall I connect you?',
					bubbleOptions: { option: [{ title: 'Yes, please' }] },
					context: '={{ { step: "email" } }}',
				}),
			],
			request: { json: chatbotCall('message', { body: 'Anna' }) },
		});
		const expected = [
			envelope('contact_update', { name: 'Anna' }),
			envelope('message', { body: 'Thanks, Anna! Your email address?' }),
			envelope(
				'bubbles',
				{ body: 'Or shall I connect you?', options: [{ title: 'Yes, please' }] },
				{ step: 'email' },
			),
		];
		expect(result.status).toBe(200);
		expect(result.body).toEqual(expected);
		expect(result.run?.responses).toHaveLength(1);
		// The handing-on nodes keep the item and add the events so far; they send nothing.
		const saved = result.run!.output['Save Name'][0].json;
		expect(saved).toMatchObject({ cid: CID, event: 'message', payload: { body: 'Anna' } });
		expect(saved.userlikeChatbotEvents).toEqual(expected.slice(0, 1));
		expect(result.run!.output['Ask Email'][0].json.userlikeChatbotEvents).toEqual(
			expected.slice(0, 2),
		);
		expect(result.run!.output['Offer Help'][0].json.events).toEqual(expected);
	});

	it('events handed on in the item are validated again: a changed list fails, nothing is sent', async () => {
		const result = await runWorkflow({
			nodes: [trigger, replyNode('Userlike Chatbot', { event: 'end' })],
			mode: 'webhook',
			startNode: 'Userlike Chatbot Trigger',
			input: [
				{
					json: {
						cid: CID,
						userlikeChatbotEvents: [
							{ info: { cid: CID }, packet: { event: 'message', payload: { body: ' ' } } },
						],
					},
				},
			],
		});
		expect(result.responses).toEqual([]);
		expect(result.error?.message).toBe(
			'The events handed on by an earlier Userlike Chatbot Reply node are invalid: userlikeChatbotEvents › #1 › packet › payload › Text is empty',
		);
	});
});

describe('Userlike Chatbot: context', () => {
	it('a context object is sent with the event', async () => {
		const result = await reply({
			event: 'message',
			body: 'Your name?',
			context: '{"step": "name", "tries": 1}',
		});
		expect(result.body).toEqual([
			envelope('message', { body: 'Your name?' }, { step: 'name', tries: 1 }),
		]);
	});

	it.each([['{}'], [''], ['  '], ['={{ {} }}']])(
		'an empty context (%j) is not sent',
		async (context) => {
			const result = await reply({ event: 'message', body: 'Hi', context });
			expect(result.body).toEqual([
				{ info: { cid: CID }, packet: { event: 'message', payload: { body: 'Hi' } } },
			]);
		},
	);

	it('a context over 10 KB fails before anything is sent', async () => {
		const context = JSON.stringify({ notes: 'x'.repeat(10 * 1024) });
		const result = await reply({ event: 'message', body: 'Hi', context });
		expect(result.run?.responses).toEqual([]);
		// n8n answers 200 with no events when the execution fails before any reply (the error is in n8n).
		expect(result.status).toBe(200);
		expect(result.text).toBe('');
		expect(result.run?.error?.message).toBe(
			'Message: Context is 10252 bytes; Userlike keeps at most 10240 bytes (10 KB)',
		);
		expect(result.run?.error?.description).toBe(
			'The field Context (context) is invalid. Nothing was sent.',
		);
	});

	it('a context of exactly 10 KB is sent', async () => {
		const context = { n: 'x'.repeat(10 * 1024 - 8) };
		expect(JSON.stringify(context)).toHaveLength(10 * 1024);
		const result = await reply({ event: 'message', body: 'Hi', context: JSON.stringify(context) });
		expect(result.body).toEqual([envelope('message', { body: 'Hi' }, context)]);
	});

	it.each([
		['[1, 2]', 'Message: Context must be a JSON object'],
		['"step"', 'Message: Context must be a JSON object'],
		['{"step": ', 'Context is not valid JSON'],
	])('context %s fails: %s', async (context, message) => {
		const result = await reply({ event: 'message', body: 'Hi', context });
		expect(result.run?.responses).toEqual([]);
		expect(result.run?.error?.message).toBe(message);
	});
});

describe('Userlike Chatbot: invalid input is an error naming the field, and nothing is sent', () => {
	it.each<[string, IDataObject, string]>([
		['message', { body: '   ' }, 'Message: Text is empty'],
		['bubbles', { body: 'Pick one' }, 'Bubbles: Buttons needs at least one button'],
		[
			'bubbles',
			{ body: 'Pick one', bubbleOptions: { option: [{ title: 'A' }, { title: '' }] } },
			'Bubbles: Buttons › #2 › Title is empty',
		],
		[
			'carousel',
			{ carouselOptions: { option: [{ title: 'A', imageUrl: 'shoes.png' }] } },
			'Carousel: Cards › #1 › Image URL is not a URL',
		],
		[
			'navigate',
			{ url: 'ftp://shop.example/file' },
			'Navigate: URL must start with http:// or https://',
		],
		// Required parameters left empty stop n8n before the run (workflow issues); expressions reach the node.
		[
			'navigate',
			{ url: 'https://shop.example/', fallback: '={{ "" }}' },
			'Navigate: Fallback Message is empty',
		],
		[
			'contact_update',
			{ contactFields: {} },
			'Update Contact: needs at least one of Name, Email and Mobile Number',
		],
		[
			'contact_update',
			{ contactFields: { name: '={{ "  " }}', email: 'anna@example.com' } },
			'Update Contact: Name is empty',
		],
		[
			'contact_update',
			{ contactFields: { email: 'anna(at)example.com' } },
			'Update Contact: Email is not an email address',
		],
		[
			'contact_update',
			{ contactFields: { mobileNumber: 'call me' } },
			'Update Contact: Mobile Number is not a phone number (digits, spaces, + ( ) - / .)',
		],
		[
			'forward_group',
			{ groupId: '={{ $json.groupId }}' },
			'Forward to Group: Group ID is required',
		],
		['forward_group', { groupId: 'sales' }, 'Forward to Group: Group ID must be a number'],
		['forward_group', { groupId: '1.5' }, 'Forward to Group: Group ID must be a whole number'],
		[
			'message',
			{ body: 'Hi', cid: '={{ $json.missing ?? "" }}' },
			'Message: Chat Session ID is empty',
		],
		[
			'message',
			{ body: 'Hi', options: { additionalPayload: '[1]' } },
			'Message: Additional Payload Fields (JSON) must be a JSON object',
		],
	])('%s %j → %s', async (event, parameters, message) => {
		const result = await reply({ event, ...parameters });
		expect(result.run?.responses).toEqual([]);
		// As in n8n: a failed execution that sent no reply is answered 200 with no events.
		expect(result.status).toBe(200);
		expect(result.text).toBe('');
		expect(result.run?.error?.message).toBe(message);
		expect(result.run?.error?.description).toMatch(/Nothing was sent\.$/);
	});

	it('with Continue On Fail, the invalid item becomes an error item and the valid ones are sent', async () => {
		const items: INodeExecutionData[] = [
			{ json: { cid: CID, text: 'ok' } },
			{ json: { cid: CID, text: '' } },
		];
		const result = await runWorkflow({
			nodes: [
				trigger,
				{
					...replyNode('Userlike Chatbot', { event: 'message', body: '={{ $json.text }}' }),
					continueOnFail: true,
				},
			],
			mode: 'webhook',
			startNode: 'Userlike Chatbot Trigger',
			input: items,
		});
		expect(result.responses[0].body).toEqual([envelope('message', { body: 'ok' })]);
		expect(result.output['Userlike Chatbot']).toEqual([
			expect.objectContaining({
				json: expect.objectContaining({ delivery: 'webhookResponse' }),
				pairedItem: { item: 0 },
			}),
			{
				// The Continue On Fail item every node of the package outputs: the message and what to do.
				json: {
					error: 'Message: Text is empty',
					description: 'The field Text (body) is invalid. Nothing was sent.',
				},
				pairedItem: { item: 1 },
			},
		]);
	});
});

describe('Userlike Chatbot: "Respond to Chatbot Webhook" needs a waiting trigger', () => {
	it('fails when the trigger has already answered', async () => {
		const result = await ctx.server.call({
			trigger: chatbotTrigger({ responseMode: 'onReceived' }),
			nodes: [replyNode('Userlike Chatbot', { event: 'message', body: 'Hi' })],
			request: { json: chatbotCall('start') },
		});
		// Userlike got its answer at once (empty body: no events) …
		expect(result.status).toBe(200);
		expect(result.text).toBe('');
		// … and the reply node says why its events would be lost.
		expect(result.run?.responses).toEqual([]);
		expect(result.run?.error?.message).toBe('The Userlike Chatbot Trigger has already answered');
	});

	it('fails without a Userlike Chatbot Trigger in the workflow', async () => {
		const result = await runWorkflow({
			nodes: [replyNode('Userlike Chatbot', { event: 'message', body: 'Hi' })],
			input: [{ json: { cid: CID } }],
		});
		expect(result.responses).toEqual([]);
		expect(result.error?.message).toBe('No Userlike Chatbot Trigger before this node');
	});
});

describe('Userlike Chatbot: Custom Event (events newer than the documented ones)', () => {
	// A list template as Userlike's live docs show the idea (up to ten options); the keys are the user's.
	const listTemplate = {
		body: 'Which topic?',
		button: 'Choose',
		sections: [{ title: 'Orders', rows: [{ id: 'status', title: 'Delivery status' }] }],
	};

	it('sends the event name and the JSON payload exactly as given', async () => {
		const result = await reply({
			event: 'custom',
			customEventName: 'list_template',
			customPayload: JSON.stringify(listTemplate),
			context: '{"step": "topic"}',
		});
		const expected = [envelope('list_template', listTemplate, { step: 'topic' })];
		expect(result.status).toBe(200);
		expect(result.body).toEqual(expected);
		expect(result.run?.output['Userlike Chatbot'][0].json).toEqual({
			delivery: 'webhookResponse',
			cid: CID,
			event: 'list_template',
			payload: listTemplate,
			context: { step: 'topic' },
			events: expected,
		});
	});

	it('takes the payload from an expression, and can be handed on to the next node', async () => {
		const result = await ctx.server.call({
			trigger,
			nodes: [
				replyNode('Buttons', {
					delivery: 'nextNode',
					event: 'custom',
					customEventName: 'whatsapp_buttons',
					customPayload: '={{ { body: "You wrote: " + $json.chatInput, buttons: ["Yes", "No"] } }}',
				}),
				replyNode('Userlike Chatbot', { event: 'forward_any' }),
			],
			request: { json: chatbotCall('message', { body: 'Help' }) },
		});
		expect(result.body).toEqual([
			envelope('whatsapp_buttons', { body: 'You wrote: Help', buttons: ['Yes', 'No'] }),
			envelope('forward_any'),
		]);
	});

	it('an empty payload is sent as {}', async () => {
		const result = await reply({ event: 'custom', customEventName: 'typing', customPayload: '' });
		expect(result.body).toEqual([envelope('typing', {})]);
	});

	it.each<[IDataObject, string]>([
		[
			{ customEventName: 'list_template', customPayload: '[1, 2]' },
			'Custom Event: Payload (JSON) must be a JSON object',
		],
		[
			{ customEventName: 'list_template', customPayload: '"text"' },
			'Custom Event: Payload (JSON) must be a JSON object',
		],
		[
			{ customEventName: 'list_template', customPayload: '{"body": ' },
			'Payload (JSON) is not valid JSON',
		],
		[{ customEventName: '={{ "" }}', customPayload: '{}' }, 'Custom Event: Event Name is empty'],
		[
			{ customEventName: 'list template', customPayload: '{}' },
			'Custom Event: Event Name must not contain spaces',
		],
		[
			{
				customEventName: 'list_template',
				customPayload: '{}',
				context: JSON.stringify({ notes: 'x'.repeat(10 * 1024) }),
			},
			'Custom Event: Context is 10252 bytes; Userlike keeps at most 10240 bytes (10 KB)',
		],
	])('%j fails before anything is sent: %s', async (parameters, message) => {
		const result = await reply({ event: 'custom', ...parameters });
		expect(result.run?.responses).toEqual([]);
		// As in n8n: a failed execution that sent no reply is answered 200 with no events.
		expect(result.status).toBe(200);
		expect(result.text).toBe('');
		expect(result.run?.error?.message).toBe(message);
	});
});
