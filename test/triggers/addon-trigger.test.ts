/**
 * Userlike Trigger (add-on API callbacks) through n8n-core's real WebhookContext, with real HTTP
 * requests and the response n8n would send.
 */
import { loadPackage } from '../harness/n8n';
import { runWebhookMethod } from '../harness/webhook';
import {
	addonTrigger,
	capturingWarnings,
	headerCredential,
	SECRET_HEADER,
	SECRET_VALUE,
	useWebhookServer,
} from './helpers';
import { ADDON_EVENTS } from '../contract';

const ctx = useWebhookServer();

function callback(event: string, extra: Record<string, unknown> = {}) {
	const [type, name] = event.split('.');
	return {
		_type: type,
		_event: name,
		id: 71,
		created_at: '2025-06-01 11:26:24',
		custom: { basket: { item01: { id: 'A-1', price: 139.99 } }, ref: '3efd5462e' },
		...extra,
	};
}

describe('Userlike Trigger: node description', () => {
	it('offers the 16 add-on events by their values, plus all events', async () => {
		const { nodeTypes } = await loadPackage();
		const type = nodeTypes.getByNameAndVersion('n8n-nodes-userlike.userlikeTrigger', 1);
		const events = type.description.properties.find((p) => p.name === 'events');
		expect(events?.options?.map((o) => (o as { value: string }).value)).toEqual([
			'*',
			...ADDON_EVENTS,
		]);
		expect(type.description.webhooks).toEqual([
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: 'noData',
				path: 'webhook',
			},
		]);
	});
});

describe('Userlike Trigger: every add-on event starts the workflow', () => {
	it.each(ADDON_EVENTS)('%s', async (event) => {
		const body = callback(event);
		const result = await ctx.server.call({
			trigger: addonTrigger({ events: [event] }),
			request: { json: body },
		});
		expect(result.status).toBe(200);
		expect(result.text).toBe('');
		expect(result.items).toHaveLength(1);
		// The whole payload, `custom` included, plus type and event.
		expect(result.items![0].json).toEqual({ ...body, type: event.split('.')[0], event });
	});
});

describe('Userlike Trigger: event selection', () => {
	it('answers 200 to an event that is not selected and starts nothing', async () => {
		const result = await ctx.server.call({
			trigger: addonTrigger({ events: ['chat_session.start', 'operator.online'] }),
			request: { json: callback('chat_session.end') },
		});
		expect(result.status).toBe(200);
		expect(result.body).toEqual({ status: 'ignored', event: 'chat_session.end' });
		expect(result.webhookResponse).toEqual({ noWebhookResponse: true });
		expect(result.items).toBeUndefined();
	});

	it('"All Events" passes events the docs do not list (older payloads: chat_meta.start)', async () => {
		const body = { _type: 'chat_meta', _event: 'start', client_name: 'Jo', custom: { ref: 'x' } };
		const result = await ctx.server.call({
			trigger: addonTrigger({ events: ['*'] }),
			request: { json: body },
		});
		expect(result.status).toBe(200);
		expect(result.items![0].json).toEqual({ ...body, type: 'chat_meta', event: 'chat_meta.start' });
	});

	it('reads the event from `_type` alone when it names a whole event (chat_session_start)', async () => {
		const result = await ctx.server.call({
			trigger: addonTrigger({ events: ['chat_session.start'] }),
			request: { json: { _type: 'chat_session_start', id: 5 } },
		});
		expect(result.status).toBe(200);
		expect(result.items![0].json).toEqual({
			_type: 'chat_session_start',
			id: 5,
			type: 'chat_session',
			event: 'chat_session.start',
		});
	});

	it("keeps a payload's own type and event fields under payload_type and payload_event", async () => {
		const body = callback('chat_session.rating', { type: 'web', event: 'rated' });
		const result = await ctx.server.call({
			trigger: addonTrigger({ events: ['chat_session.rating'] }),
			request: { json: body },
		});
		expect(result.items![0].json).toMatchObject({
			type: 'chat_session',
			event: 'chat_session.rating',
			payload_type: 'web',
			payload_event: 'rated',
		});
	});

	it('runs through the Test URL too (manual mode)', async () => {
		const result = await ctx.server.call({
			trigger: addonTrigger({ events: ['operator.away'] }),
			request: { json: callback('operator.away') },
			mode: 'manual',
		});
		expect(result.status).toBe(200);
		expect(result.items![0].json.event).toBe('operator.away');
	});
});

// Saved workflows may hold version 1 (n8n reads every body for it), new nodes are version 2 (n8n
// reads JSON, text, form and XML bodies only): the same answers for both.
describe.each([1, 2])('Userlike Trigger version %i: malformed bodies start nothing', (version) => {
	const trigger = addonTrigger({ events: ['*'] }, false, version);

	it.each([
		['a JSON array', { json: [callback('chat_session.start')] }, 'The body must be a JSON object'],
		['a JSON string', { json: 'chat_session.start' }, 'The body must be a JSON object'],
		['a JSON number', { json: 42 }, 'The body must be a JSON object'],
		['JSON null', { rawBody: 'null' }, 'The body must be a JSON object'],
		[
			'a text/plain body',
			{ rawBody: '_type=chat_session', contentType: 'text/plain' },
			'The body must be a JSON object',
		],
		['an empty body', {}, 'The body is empty: Userlike sends a JSON object'],
		[
			'JSON sent as application/octet-stream',
			{
				rawBody: '{"_type":"operator","_event":"online"}',
				contentType: 'application/octet-stream',
			},
			'The body is empty: Userlike sends a JSON object',
		],
		['an object without _type', { json: { _event: 'start', id: 1 } }, '_type is missing'],
		['a numeric _type', { json: { _type: 5 } }, '_type must be a string'],
		['an empty _type', { json: { _type: '  ' } }, '_type is empty'],
		['a numeric _event', { json: { _type: 'operator', _event: 3 } }, '_event must be a string'],
	])('%s: 400 with the reason', async (_label, request, reason) => {
		const result = await ctx.server.call({ trigger, request });
		expect(result.status).toBe(400);
		expect(result.body).toEqual({ message: `Not a Userlike add-on callback: ${reason}` });
		expect(result.items).toBeUndefined();
	});

	it('invalid JSON is answered 422 by n8n before the node runs', async () => {
		const result = await ctx.server.call({
			trigger,
			request: { rawBody: '{"_type": "operator",' },
		});
		expect(result.status).toBe(422);
		expect(result.body).toMatchObject({ code: 422, message: 'Failed to parse request body' });
		expect(result.webhookResponse).toBeUndefined();
	});
});

describe('Userlike Trigger: webhook secret', () => {
	const trigger = addonTrigger({ events: ['*'] }, true);

	it('accepts the right header (any case of its name)', async () => {
		const result = await ctx.server.call({
			trigger,
			credentials: headerCredential(),
			request: {
				json: callback('operator.online'),
				headers: { 'x-userlike-secret': SECRET_VALUE },
			},
		});
		expect(result.status).toBe(200);
		expect(result.items![0].json.event).toBe('operator.online');
	});

	it('answers 403 to a wrong value and starts nothing', async () => {
		const result = await ctx.server.call({
			trigger,
			credentials: headerCredential(),
			request: {
				json: callback('operator.online'),
				headers: { [SECRET_HEADER]: `${SECRET_VALUE}x` },
			},
		});
		expect(result.status).toBe(403);
		expect(result.body).toEqual({
			message: 'Authorization data is wrong: header x-userlike-secret',
		});
		expect(result.items).toBeUndefined();
	});

	it('answers 401 to a missing header and starts nothing', async () => {
		const result = await ctx.server.call({
			trigger,
			credentials: headerCredential(),
			request: { json: callback('operator.online') },
		});
		expect(result.status).toBe(401);
		expect(result.body).toEqual({ message: 'Authorization is required: header x-userlike-secret' });
		expect(result.items).toBeUndefined();
	});

	it('checks the secret before the body: a wrong header with a malformed body is 403, not 400', async () => {
		const result = await ctx.server.call({
			trigger,
			credentials: headerCredential(),
			request: { json: [1, 2], headers: { [SECRET_HEADER]: 'nope' } },
		});
		expect(result.status).toBe(403);
	});

	it('fails closed (500, nothing starts) when the credential has a header name but no value', async () => {
		const warnings = await capturingWarnings(async () => {
			const result = await ctx.server.call({
				trigger,
				credentials: headerCredential({ webhookHeaderSecret: '' }),
				request: { json: callback('operator.online'), headers: { [SECRET_HEADER]: '' } },
			});
			expect(result.status).toBe(500);
			expect(result.body).toEqual({ message: 'The webhook secret is misconfigured in n8n' });
			expect(result.items).toBeUndefined();
		});
		expect(warnings).toEqual([
			'Userlike Trigger: the credential cannot be used to check calls: the header X-Userlike-Secret has no value. Every call is refused until the credential is fixed.',
		]);
	});

	it('without a credential, every call is accepted', async () => {
		const result = await ctx.server.call({
			trigger: addonTrigger({ events: ['*'] }),
			request: { json: callback('operator.back') },
		});
		expect(result.status).toBe(200);
		expect(result.items![0].json.event).toBe('operator.back');
	});
});

describe('Userlike Trigger: registration is manual', () => {
	it('webhookMethods call nothing and store nothing: checkExists false, create and delete true', async () => {
		const trigger = addonTrigger({ events: ['*'] });
		expect(await runWebhookMethod(trigger, 'checkExists')).toEqual({
			result: false,
			staticData: {},
		});
		expect(await runWebhookMethod(trigger, 'create')).toEqual({ result: true, staticData: {} });
		expect(await runWebhookMethod(trigger, 'delete')).toEqual({ result: true, staticData: {} });
	});
});

describe('Userlike Webhook Header API credential test (testedBy the trigger)', () => {
	async function test(data: Record<string, string>) {
		const { nodeTypes } = await loadPackage();
		const type = nodeTypes.getByNameAndVersion('n8n-nodes-userlike.userlikeTrigger', 1);
		const credential = type.description.credentials?.find(
			(c) => c.name === 'userlikeWebhookHeaderApi',
		);
		const fn = type.methods?.credentialTest?.[credential?.testedBy as string];
		return await fn!.call({} as never, {
			id: '1',
			name: 'header',
			type: 'userlikeWebhookHeaderApi',
			data,
		});
	}

	it('accepts a valid header name and a long value, and says what it cannot test', async () => {
		expect(
			await test({ webhookHeaderName: SECRET_HEADER, webhookHeaderSecret: SECRET_VALUE }),
		).toEqual({
			status: 'OK',
			message:
				'Header x-userlike-secret is well-formed. Userlike is the caller, so n8n cannot test more: send a test event from Userlike (a missing header is answered 401, a wrong value 403).',
		});
	});

	it.each([
		[
			{ webhookHeaderName: '', webhookHeaderSecret: SECRET_VALUE },
			'Enter the name of the header Userlike sends',
		],
		[
			{ webhookHeaderName: 'X Secret', webhookHeaderSecret: SECRET_VALUE },
			'Cannot use this header: "X Secret" is not a valid HTTP header name',
		],
		[
			{ webhookHeaderName: SECRET_HEADER, webhookHeaderSecret: '' },
			'Cannot use this header: the header X-Userlike-Secret has no value',
		],
		[
			{ webhookHeaderName: SECRET_HEADER, webhookHeaderSecret: 'short' },
			'The header value is shorter than 16 characters: use a long random string',
		],
	])('%j: %s', async (data, message) => {
		expect(await test(data)).toEqual({ status: 'Error', message });
	});
});
