/**
 * Userlike Chatbot Trigger (the chatbot webhook) through n8n-core's real WebhookContext, with real HTTP
 * requests and the response n8n would send.
 */
import { loadPackage } from '../harness/n8n';
import { runWebhookMethod } from '../harness/webhook';
import {
	chatbotCall,
	chatbotCredential,
	chatbotTrigger,
	SECRET_HEADER,
	SECRET_VALUE,
	useWebhookServer,
} from './helpers';

const ctx = useWebhookServer();

const immediately = { events: ['start', 'message', 'click'], responseMode: 'onReceived' };

describe('Userlike Chatbot Trigger: node description', () => {
	it('offers the three webhook events and both response modes; the webhook answers through a node', async () => {
		const { nodeTypes } = await loadPackage();
		const type = nodeTypes.getByNameAndVersion('n8n-nodes-userlike.userlikeChatbotTrigger', 1);
		const byName = (name: string) => type.description.properties.find((p) => p.name === name);
		expect(byName('events')?.options?.map((o) => (o as { value: string }).value)).toEqual([
			'start',
			'message',
			'click',
		]);
		expect(byName('responseMode')?.options?.map((o) => (o as { value: string }).value)).toEqual([
			'responseNode',
			'onReceived',
		]);
		expect(byName('responseMode')?.default).toBe('responseNode');
		expect(type.description.webhooks?.[0]).toMatchObject({
			httpMethod: 'POST',
			responseMode: '={{$parameter["responseMode"]}}',
		});
	});
});

describe('Userlike Chatbot Trigger: every webhook event starts the workflow', () => {
	it('start: cid, event, payload, contact, context, approach_mode, widget, chatInput "", sessionId; empty 200 at once', async () => {
		const body = chatbotCall(
			'start',
			{},
			{ approach_mode: 'proactive', context: { step: 'name' } },
		);
		const result = await ctx.server.call({
			trigger: chatbotTrigger(immediately),
			request: { json: body },
		});
		expect(result.status).toBe(200);
		expect(result.text).toBe('');
		expect(result.items![0].json).toEqual({
			cid: 'cid-4f2a9c',
			event: 'start',
			payload: {},
			contact: { id: 2001, name: 'Anna Schmidt', email: null },
			context: { step: 'name' },
			approach_mode: 'proactive',
			widget: { id: 9, name: 'Webshop' },
			chatInput: '',
			sessionId: 'cid-4f2a9c',
		});
	});

	it('message: the payload as Userlike sent it; a missing context is {}', async () => {
		const body = chatbotCall('message', { body: 'Where is my order 4711?' });
		const result = await ctx.server.call({
			trigger: chatbotTrigger(immediately),
			request: { json: body },
		});
		expect(result.status).toBe(200);
		expect(result.items![0].json).toMatchObject({
			cid: 'cid-4f2a9c',
			event: 'message',
			payload: { body: 'Where is my order 4711?' },
			context: {},
		});
	});

	it('click: options count from 1; the output gives the number and the 0-based index', async () => {
		const body = chatbotCall('click', { option: 2 }, { context: { step: 'menu' } });
		const result = await ctx.server.call({
			trigger: chatbotTrigger(immediately),
			request: { json: body },
		});
		expect(result.status).toBe(200);
		expect(result.items![0].json).toMatchObject({
			event: 'click',
			payload: { option: 2 },
			clickedOptionNumber: 2,
			clickedOptionIndex: 1,
		});
	});

	it('click without a recognisable option number: null, the payload is kept', async () => {
		const body = chatbotCall('click', { title: 'Delivery status' });
		const result = await ctx.server.call({
			trigger: chatbotTrigger(immediately),
			request: { json: body },
		});
		expect(result.items![0].json).toMatchObject({
			payload: { title: 'Delivery status' },
			clickedOptionNumber: null,
			clickedOptionIndex: null,
		});
	});

	it("n8n's chat convention: chatInput is the message text, sessionId the cid", async () => {
		const result = await ctx.server.call({
			trigger: chatbotTrigger(immediately),
			request: { json: chatbotCall('message', { body: 'Where is my order 4711?' }) },
		});
		expect(result.items![0].json).toMatchObject({
			chatInput: 'Where is my order 4711?',
			sessionId: 'cid-4f2a9c',
			cid: 'cid-4f2a9c',
		});
	});

	it.each([
		['a title in the payload', { option: 2, title: 'Delivery status' }, 'Delivery status', 2],
		['a label', { index: 1, label: 'Returns' }, 'Returns', 1],
		[
			'an option object with a title',
			{ option: { title: 'Talk to a human' } },
			'Talk to a human',
			null,
		],
		['only the option number', { option: 3 }, '3', 3],
		['nothing recognisable', { foo: 'bar' }, '', null],
	])(
		'click with %s: chatInput is the clicked option title (else its number)',
		async (_, payload, chatInput, number) => {
			const result = await ctx.server.call({
				trigger: chatbotTrigger(immediately),
				request: { json: chatbotCall('click', payload) },
			});
			expect(result.items![0].json).toMatchObject({
				chatInput,
				sessionId: 'cid-4f2a9c',
				clickedOptionNumber: number,
				payload,
			});
		},
	);

	it('a message without text (an upload, say): chatInput is "", the payload is kept', async () => {
		const payload = { file_url: 'https://files.example/a.png' };
		const result = await ctx.server.call({
			trigger: chatbotTrigger(immediately),
			request: { json: chatbotCall('message', payload) },
		});
		expect(result.items![0].json).toMatchObject({ chatInput: '', payload });
	});

	it('keeps info and packet fields the docs do not name', async () => {
		const body = {
			info: { cid: 77, locale: 'de_DE' },
			packet: { event: 'message', payload: { body: 'hi' }, sent_at: '2025-06-01T10:00:00Z' },
		};
		const result = await ctx.server.call({
			trigger: chatbotTrigger(immediately),
			request: { json: body },
		});
		expect(result.items![0].json).toEqual({
			cid: '77',
			event: 'message',
			payload: { body: 'hi' },
			contact: null,
			context: {},
			approach_mode: null,
			widget: null,
			chatInput: 'hi',
			sessionId: '77',
			locale: 'de_DE',
			packet_sent_at: '2025-06-01T10:00:00Z',
		});
	});

	it('an event that is not selected: 200 with an empty body (no events), nothing starts', async () => {
		const result = await ctx.server.call({
			trigger: chatbotTrigger({ events: ['start'], responseMode: 'responseNode' }),
			request: { json: chatbotCall('message', { body: 'hi' }) },
		});
		expect(result.status).toBe(200);
		expect(result.text).toBe('');
		expect(result.items).toBeUndefined();
	});

	it('waiting for a Userlike Chatbot Reply node that never answers: 200 with an empty body when the run ends', async () => {
		const result = await ctx.server.call({
			trigger: chatbotTrigger({ responseMode: 'responseNode' }),
			request: { json: chatbotCall('start') },
		});
		expect(result.status).toBe(200);
		expect(result.text).toBe('');
		expect(result.items).toHaveLength(1);
	});
});

// Saved workflows may hold version 1 (n8n reads every body for it), new nodes are version 2 (n8n
// reads JSON, text, form and XML bodies only): the same answers for both.
describe.each([1, 2])(
	'Userlike Chatbot Trigger version %i: malformed bodies start nothing',
	(version) => {
		const trigger = chatbotTrigger(immediately, false, version);

		it.each([
			['a JSON array', { json: [chatbotCall('start')] }, 'The body must be a JSON object'],
			[
				'a text/plain body',
				{ rawBody: 'start', contentType: 'text/plain' },
				'The body must be a JSON object',
			],
			['an empty body', {}, 'The body is empty: Userlike sends a JSON object'],
			[
				'JSON sent as application/octet-stream',
				{
					rawBody: '{"info":{"cid":"c"},"packet":{"event":"start"}}',
					contentType: 'application/octet-stream',
				},
				'The body is empty: Userlike sends a JSON object',
			],
			['no info', { json: { packet: { event: 'start' } } }, 'info is missing'],
			[
				'info not an object',
				{ json: { info: 'cid-1', packet: { event: 'start' } } },
				'info must be a JSON object',
			],
			['no cid', { json: { info: {}, packet: { event: 'start' } } }, 'info.cid is missing'],
			[
				'an empty cid',
				{ json: { info: { cid: ' ' }, packet: { event: 'start' } } },
				'info.cid is empty',
			],
			['no packet', { json: { info: { cid: 'c' } } }, 'packet is missing'],
			[
				'no packet.event',
				{ json: { info: { cid: 'c' }, packet: { payload: {} } } },
				'packet.event is missing',
			],
			[
				'a context that is not an object',
				{ json: { info: { cid: 'c', context: [1] }, packet: { event: 'start' } } },
				'info.context: Expected object, received array',
			],
		])('%s: 400 with the reason', async (_label, request, reason) => {
			const result = await ctx.server.call({ trigger, request });
			expect(result.status).toBe(400);
			expect(result.body).toEqual({ message: `Not a Userlike chatbot webhook call: ${reason}` });
			expect(result.items).toBeUndefined();
		});

		it('invalid JSON is answered 422 by n8n before the node runs', async () => {
			const result = await ctx.server.call({ trigger, request: { rawBody: '{"info":' } });
			expect(result.status).toBe(422);
			expect(result.body).toMatchObject({ code: 422, message: 'Failed to parse request body' });
		});
	},
);

describe('Userlike Chatbot Trigger: webhook secret from the Userlike Chatbot API credential', () => {
	const trigger = chatbotTrigger(immediately, true);

	it('right header: the workflow starts', async () => {
		const result = await ctx.server.call({
			trigger,
			credentials: chatbotCredential(),
			request: { json: chatbotCall('start'), headers: { [SECRET_HEADER]: SECRET_VALUE } },
		});
		expect(result.status).toBe(200);
		expect(result.items![0].json.cid).toBe('cid-4f2a9c');
	});

	it('wrong header: 403, nothing starts', async () => {
		const result = await ctx.server.call({
			trigger,
			credentials: chatbotCredential(),
			request: {
				json: chatbotCall('start'),
				headers: { [SECRET_HEADER]: SECRET_VALUE.toUpperCase() },
			},
		});
		expect(result.status).toBe(403);
		expect(result.body).toEqual({
			message: 'Authorization data is wrong: header x-userlike-secret',
		});
		expect(result.items).toBeUndefined();
	});

	it('missing header: 401, nothing starts', async () => {
		const result = await ctx.server.call({
			trigger,
			credentials: chatbotCredential(),
			request: { json: chatbotCall('start') },
		});
		expect(result.status).toBe(401);
		expect(result.body).toEqual({ message: 'Authorization is required: header x-userlike-secret' });
		expect(result.items).toBeUndefined();
	});

	it('a credential without a header name checks nothing', async () => {
		const result = await ctx.server.call({
			trigger,
			credentials: chatbotCredential({ webhookHeaderName: '', webhookHeaderSecret: '' }),
			request: { json: chatbotCall('start') },
		});
		expect(result.status).toBe(200);
		expect(result.items).toHaveLength(1);
	});
});

describe('Userlike Chatbot Trigger: registration is manual', () => {
	it('webhookMethods call nothing and store nothing', async () => {
		const trigger = chatbotTrigger(immediately);
		expect(await runWebhookMethod(trigger, 'checkExists')).toEqual({
			result: false,
			staticData: {},
		});
		expect(await runWebhookMethod(trigger, 'create')).toEqual({ result: true, staticData: {} });
		expect(await runWebhookMethod(trigger, 'delete')).toEqual({ result: true, staticData: {} });
	});
});
