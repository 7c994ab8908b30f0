/** The simulator's chatbot API URL (test/simulator/chatbot.ts), over plain HTTP. */
import { request } from 'undici';

import { useChatbotApi } from './helpers';

const api = useChatbotApi();

async function post(
	body: unknown,
	token: string | null = api.bot.securityToken,
	url = api.bot.apiUrl,
	method = 'POST',
) {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (token !== null) headers['security-token'] = token;
	const res = await request(url, {
		method: method as 'POST',
		headers,
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.body.text();
	return {
		status: res.statusCode,
		headers: res.headers,
		body: text ? JSON.parse(text) : undefined,
	};
}

const message = (cid: string, body = 'Hi', context?: object) => ({
	info: context ? { cid, context } : { cid },
	packet: { event: 'message', payload: { body } },
});

describe('simulated chatbot API URL', () => {
	it('needs the SECURITY-TOKEN header: 401 without, 403 wrong', async () => {
		expect(await post([message('c1')], null)).toMatchObject({
			status: 401,
			body: { detail: 'Authentication credentials were not provided.' },
		});
		expect(await post([message('c1')], 'wrong')).toMatchObject({
			status: 403,
			body: { detail: 'Invalid security token.' },
		});
		expect(api.bot.accepted).toEqual([]);
	});

	it('accepts a list of events in order, and a single event object', async () => {
		expect(await post([message('c1', 'one'), message('c2', 'two')])).toMatchObject({
			status: 200,
			body: { status: 'ok', triggered: 2 },
		});
		expect(await post(message('c1', 'three'))).toMatchObject({ status: 200 });
		expect(api.bot.accepted.map((event) => [event.cid, event.payload.body])).toEqual([
			['c1', 'one'],
			['c2', 'two'],
			['c1', 'three'],
		]);
	});

	it('an empty list triggers nothing and counts for no chat session', async () => {
		expect(await post([])).toMatchObject({ status: 200, body: { status: 'ok', triggered: 0 } });
		expect(api.bot.accepted).toEqual([]);
		expect([...api.bot.requestTimes.keys()]).toEqual([]);
	});

	it.each([
		[[{ packet: { event: 'end' } }], '[0].info: This field is required.'],
		[[{ info: { cid: '' }, packet: { event: 'end' } }], '[0].info.cid: This field is required.'],
		[
			[{ info: { cid: 'c' }, packet: { event: 'shout' } }],
			'[0].packet.event: "shout" is not a valid choice.',
		],
		[
			[{ info: { cid: 'c' }, packet: { event: 'message', payload: {} } }],
			'[0].packet.payload.body: This field is required.',
		],
		[
			[{ info: { cid: 'c' }, packet: { event: 'bubbles', payload: { body: 'x', options: [] } } }],
			'[0].packet.payload.options: This field is required.',
		],
		[
			[
				{
					info: { cid: 'c' },
					packet: { event: 'carousel', payload: { options: [{ title: 'a', image_url: 'a.png' }] } },
				},
			],
			'[0].packet.payload.options[0].image_url: Enter a valid URL.',
		],
		[
			[
				{
					info: { cid: 'c' },
					packet: { event: 'navigate', payload: { url: 'https://x.example' } },
				},
			],
			'[0].packet.payload.fallback: This field is required.',
		],
		[
			[{ info: { cid: 'c' }, packet: { event: 'contact_update', payload: {} } }],
			'[0].packet.payload: One of name, email or mobile_number is required.',
		],
		[
			[{ info: { cid: 'c' }, packet: { event: 'forward_group', payload: { group_id: '14' } } }],
			'[0].packet.payload.group_id: A valid integer is required.',
		],
		[
			[{ info: { cid: 'c', context: [1] }, packet: { event: 'end' } }],
			'[0].info.context: must be a JSON object.',
		],
		[
			[message('c'), { info: { cid: 'c' }, packet: { event: 'message', payload: { body: '' } } }],
			'[1].packet.payload.body: This field is required.',
		],
	])('rejects %j with 400 (nothing is triggered)', async (body, detail) => {
		expect(await post(body)).toMatchObject({ status: 400, body: { detail } });
		expect(api.bot.accepted).toEqual([]);
	});

	it('rejects a context over 10 KB and keeps the old one; an empty context is ignored', async () => {
		await post([message('c1', 'a', { step: 'name' })]);
		const big = { blob: 'x'.repeat(10 * 1024) };
		expect(await post([message('c1', 'b', big)])).toMatchObject({
			status: 400,
			body: { detail: '[0].info.context: must not be bigger than 10 KB (10251 bytes).' },
		});
		await post([message('c1', 'c', {})]);
		expect(api.bot.contexts.get('c1')).toEqual({ step: 'name' });
		await post([message('c1', 'd', { step: 'email' })]);
		expect(api.bot.contexts.get('c1')).toEqual({ step: 'email' });
	});

	it('allows 20 requests a minute per cid, then 429 with Retry-After; other cids are not affected', async () => {
		let now = 1_750_000_000_000;
		api.sim.behaviour.now = () => now;
		for (let i = 0; i < 20; i++) expect((await post([message('c1', `m${i}`)])).status).toBe(200);
		const throttled = await post([message('c1', 'm20')]);
		expect(throttled).toMatchObject({
			status: 429,
			body: { detail: 'Request was throttled. Expected available in 60 seconds.' },
		});
		expect(throttled.headers['retry-after']).toBe('60');
		expect((await post([message('c2', 'other')])).status).toBe(200);
		now += 30_000;
		expect((await post([message('c1', 'm21')])).headers['retry-after']).toBe('30');
		now += 30_001;
		expect((await post([message('c1', 'm22')])).status).toBe(200);
		expect(api.bot.accepted.filter((event) => event.cid === 'c1')).toHaveLength(21);
	});

	it('answers 405 to other methods and 404 to another bot', async () => {
		expect((await post(undefined, api.bot.securityToken, api.bot.apiUrl, 'GET')).status).toBe(405);
		expect(
			(await post([], api.bot.securityToken, `${api.sim.url}/api/chatbot/other/`)).status,
		).toBe(404);
	});
});
