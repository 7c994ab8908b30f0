/**
 * Userlike Chatbot "Send to API URL" against the simulator's chatbot endpoint (test/simulator/chatbot.ts):
 * the SECURITY-TOKEN header, one request per chat session, event and context validation, 20 requests a
 * minute per cid with 429, pacing and the shared back-off.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { onFakeClock } from '../harness/clock';
import type { WorkflowNode } from '../harness/n8n';
import { runWorkflow } from '../harness/n8n';
import { CHATBOT_BOT_ID } from '../simulator/chatbot';
import {
	chatbotPacer,
	pacerKey,
	prefillPacer,
	replyNode,
	runCredentialTest,
	useChatbotApi,
} from './helpers';

const api = useChatbotApi();
let cidCounter = 0;
/** A fresh chat session per test: the node's pacer lives as long as the process. */
let cid: string;

beforeEach(() => {
	cid = `cid-api-${++cidCounter}`;
});

const credentials = (extra: IDataObject = {}) => ({
	userlikeChatbotApi: { apiUrl: api.bot.apiUrl, securityToken: api.bot.securityToken, ...extra },
});

function apiNode(parameters: IDataObject, extra: Partial<WorkflowNode> = {}): WorkflowNode {
	return {
		...replyNode('Userlike Chatbot', { delivery: 'apiUrl', ...parameters }, ['userlikeChatbotApi']),
		...extra,
	};
}

async function send(
	parameters: IDataObject,
	input: INodeExecutionData[] = [{ json: { cid } }],
	options: { credentials?: IDataObject; continueOnFail?: boolean } = {},
) {
	return await runWorkflow({
		nodes: [apiNode(parameters, { continueOnFail: options.continueOnFail })],
		credentials: credentials(options.credentials),
		input,
	});
}

const envelope = (
	event: string,
	payload: IDataObject = {},
	forCid = cid,
	context?: IDataObject,
) => ({
	info: context ? { cid: forCid, context } : { cid: forCid },
	packet: { event, payload },
});

describe('Userlike Chatbot → API URL: the request', () => {
	it("POSTs the events with the SECURITY-TOKEN header and reports Userlike's answer", async () => {
		const result = await send({ event: 'message', body: 'Your parcel left our warehouse today.' });
		expect(result.error).toBeUndefined();
		const requests = api.bot.requests();
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({
			method: 'POST',
			path: `/api/chatbot/${CHATBOT_BOT_ID}/`,
			status: 200,
			body: [envelope('message', { body: 'Your parcel left our warehouse today.' })],
		});
		expect(requests[0].headers['security-token']).toBe(api.bot.securityToken);
		expect(requests[0].headers['content-type']).toBe('application/json');
		expect(api.bot.accepted).toEqual([
			{
				cid,
				event: 'message',
				payload: { body: 'Your parcel left our warehouse today.' },
				at: expect.any(Number),
			},
		]);
		expect(result.output['Userlike Chatbot']).toEqual([
			{
				json: {
					delivery: 'apiUrl',
					cid,
					event: 'message',
					payload: { body: 'Your parcel left our warehouse today.' },
					events: [envelope('message', { body: 'Your parcel left our warehouse today.' })],
					statusCode: 200,
					response: { status: 'ok', triggered: 1 },
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('one request per chat session, events in item order; the context is kept by Userlike', async () => {
		const other = `${cid}-b`;
		const input = [
			{ json: { cid, text: 'one' } },
			{ json: { cid: other, text: 'two' } },
			{ json: { cid, text: 'three' } },
		];
		const result = await send(
			{ event: 'message', body: '={{ $json.text }}', context: '={{ { last: $json.text } }}' },
			input,
		);
		expect(result.error).toBeUndefined();
		expect(api.bot.requests().map((request) => request.body)).toEqual([
			[
				envelope('message', { body: 'one' }, cid, { last: 'one' }),
				envelope('message', { body: 'three' }, cid, { last: 'three' }),
			],
			[envelope('message', { body: 'two' }, other, { last: 'two' })],
		]);
		expect(api.bot.contexts.get(cid)).toEqual({ last: 'three' });
		expect(api.bot.contexts.get(other)).toEqual({ last: 'two' });
		expect(
			result.output['Userlike Chatbot'].map((item) => [item.json.cid, item.pairedItem]),
		).toEqual([
			[cid, { item: 0 }],
			[other, { item: 1 }],
			[cid, { item: 2 }],
		]);
	});

	it.each<[string, IDataObject, IDataObject]>([
		[
			'bubbles',
			{ body: 'Pick', bubbleOptions: { option: [{ title: 'A' }, { title: 'B' }] } },
			{ body: 'Pick', options: [{ title: 'A' }, { title: 'B' }] },
		],
		[
			'carousel',
			{ carouselOptions: { option: [{ title: 'A', imageUrl: 'https://x.example/a.png' }] } },
			{ options: [{ title: 'A', image_url: 'https://x.example/a.png' }] },
		],
		[
			'navigate',
			{ url: 'https://x.example/faq', fallback: 'See {{link}}' },
			{ url: 'https://x.example/faq', fallback: 'See {{link}}' },
		],
		[
			'contact_update',
			{ contactFields: { email: 'anna@example.com' } },
			{ email: 'anna@example.com' },
		],
		['forward_group', { groupId: '14' }, { group_id: 14 }],
		['abort', {}, {}],
		['end', {}, {}],
		['forward_any', {}, {}],
	])('%s is accepted by the simulated Userlike', async (event, parameters, payload) => {
		const result = await send({ event, ...parameters });
		expect(result.error).toBeUndefined();
		expect(api.bot.accepted).toEqual([{ cid, event, payload, at: expect.any(Number) }]);
	});
});

describe('Userlike Chatbot → API URL: Custom Event', () => {
	const listTemplate = {
		body: 'Which topic?',
		options: [{ title: 'Orders' }, { title: 'Returns' }],
	};

	it('a newer event Userlike accepts is sent under its own name with the payload as given', async () => {
		api.bot.extraEvents.add('list_template');
		try {
			const result = await send({
				event: 'custom',
				customEventName: 'list_template',
				customPayload: JSON.stringify(listTemplate),
			});
			expect(result.error).toBeUndefined();
			expect(api.bot.requests()[0].body).toEqual([envelope('list_template', listTemplate)]);
			expect(api.bot.accepted).toEqual([
				{ cid, event: 'list_template', payload: listTemplate, at: expect.any(Number) },
			]);
			expect(result.output['Userlike Chatbot'][0].json).toMatchObject({
				event: 'list_template',
				statusCode: 200,
			});
		} finally {
			api.bot.extraEvents.delete('list_template');
		}
	});

	it("a name Userlike does not know: Userlike's 400 reason is the error", async () => {
		const result = await send({ event: 'custom', customEventName: 'shout', customPayload: '{}' });
		expect(result.error?.message).toBe(
			`Userlike rejected the events for chat session ${cid}: [0].packet.event: "shout" is not a valid choice.`,
		);
		expect(result.error?.httpCode).toBe('400');
		expect(api.bot.accepted).toEqual([]);
	});
});

describe('Userlike Chatbot → API URL: errors', () => {
	it('a wrong security token is a NodeApiError (403)', async () => {
		const result = await send({ event: 'message', body: 'Hi' }, undefined, {
			credentials: { securityToken: 'wrong' },
		});
		expect(result.error?.message).toBe('Userlike did not accept the security token (403)');
		expect(result.error?.httpCode).toBe('403');
		expect(api.bot.accepted).toEqual([]);
	});

	it('a 400 from Userlike names its reason', async () => {
		api.sim.behaviour.failNext.push({
			status: 400,
			body: { detail: '[0].info.cid: unknown chat session.' },
		});
		const result = await send({ event: 'message', body: 'Hi' });
		expect(result.error?.message).toBe(
			`Userlike rejected the events for chat session ${cid}: [0].info.cid: unknown chat session.`,
		);
		expect(result.error?.httpCode).toBe('400');
	});

	it('a 5xx is not repeated (the POST may have been applied)', async () => {
		api.sim.behaviour.failNext.push({ status: 503 });
		const result = await send({ event: 'message', body: 'Hi' });
		expect(result.error?.message).toBe('Userlike answered 503: Simulated failure.');
		expect(api.bot.requests()).toHaveLength(1);
	});

	it('invalid events send nothing', async () => {
		const result = await send({ event: 'bubbles', body: 'Pick one' });
		expect(result.error?.message).toBe('Bubbles: Buttons needs at least one button');
		expect(api.bot.requests()).toEqual([]);
	});

	it('an oversize context sends nothing', async () => {
		const result = await send({
			event: 'message',
			body: 'Hi',
			context: JSON.stringify({ big: 'ü'.repeat(6000) }),
		});
		expect(result.error?.message).toBe(
			'Message: Context is 12010 bytes; Userlike keeps at most 10240 bytes (10 KB)',
		);
		expect(api.bot.requests()).toEqual([]);
	});

	it('with Continue On Fail, a failed chat session gives error items, the others are sent', async () => {
		api.sim.behaviour.failNext.push({
			status: 400,
			body: { detail: 'nope' },
			match: { method: 'POST' },
		});
		const other = `${cid}-b`;
		const result = await send({ event: 'end' }, [{ json: { cid } }, { json: { cid: other } }], {
			continueOnFail: true,
		});
		expect(result.output['Userlike Chatbot']).toEqual([
			{
				json: {
					error: `Userlike rejected the events for chat session ${cid}: nope`,
					description:
						'Nothing in this request was applied. Check the fields named in the message.',
				},
				pairedItem: { item: 0 },
			},
			expect.objectContaining({
				json: expect.objectContaining({ cid: other, statusCode: 200 }),
				pairedItem: { item: 1 },
			}),
		]);
	});
});

describe('Userlike Chatbot → API URL: 20 requests a minute per cid', () => {
	it('a 429 gets the shared back-off (Retry-After) and the retry goes through', async () => {
		// Another client spent the budget 59.5 s ago: the simulator frees a slot in 0.5 s.
		const past = Date.now() - 59_500;
		api.bot.requestTimes.set(
			cid,
			Array.from({ length: 20 }, () => past),
		);
		const started = Date.now();
		const result = await send({ event: 'message', body: 'Hi' });
		expect(result.error).toBeUndefined();
		expect(api.bot.requests().map((request) => request.status)).toEqual([429, 200]);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // Retry-After: 1
		expect(api.bot.accepted.map((event) => event.cid)).toEqual([cid]);
	});

	it('paces itself instead of failing: waits for a free slot, then sends', async () => {
		// The node itself sent 20 requests to this cid 60 s ago: the next slot opens 1 s from now
		// (a minute plus a second of margin).
		prefillPacer(api.bot.apiUrl, cid, 20, Date.now() - 60_000);
		const started = Date.now();
		const result = await send({ event: 'message', body: 'Hi' });
		const elapsed = Date.now() - started;
		expect(result.error).toBeUndefined();
		expect(elapsed).toBeGreaterThanOrEqual(900);
		expect(api.bot.requests().map((request) => request.status)).toEqual([200]);
		expect(chatbotPacer().count(pacerKey(api.bot.apiUrl, cid))).toBe(1);
	});

	it('20 runs go through at once; the 21st would wait, which Max Wait 0 refuses before sending', async () => {
		// On the fake clock the 21 runs take no time, however slow the machine (a real clock let a loaded
		// machine spend seconds of the minute on them).
		const { result: results } = await onFakeClock(async () => {
			const runs = [];
			for (let i = 0; i < 20; i++)
				runs.push(await send({ event: 'message', body: `Update ${i + 1}` }));
			runs.push(
				await send({ event: 'message', body: 'Update 21', options: { maxRateLimitWait: 0 } }),
			);
			return runs;
		});
		const result = results[20];
		for (const earlier of results.slice(0, 20)) expect(earlier.error).toBeUndefined();
		expect(result.error?.message).toBe(
			`Userlike's limit of 20 requests a minute for chat session ${cid} is used up`,
		);
		expect(result.error?.description).toMatch(
			/^The next request for this chat session could go in (60|61) s, longer than "Max Wait for Rate Limit" \(0 s\) allows\. Nothing was sent\./,
		);
		expect(api.bot.requests().map((request) => request.status)).toEqual(Array(20).fill(200));
		expect(api.bot.accepted).toHaveLength(20);
	});

	it.each([['={{ "abc" }}'], [-1], [301]])(
		'a Max Wait for Rate Limit of %j is refused before anything is sent',
		async (maxRateLimitWait) => {
			const result = await send({ event: 'message', body: 'Hi', options: { maxRateLimitWait } });
			expect(result.error?.message).toMatch(
				/^Max Wait for Rate Limit must be a number of seconds from 0 to 300, not "/,
			);
			expect(result.error?.description).toMatch(/Nothing was sent\.$/);
			expect(api.bot.requests()).toEqual([]);
		},
	);

	it('a wait longer than the bound fails before anything is sent, for every chat session of the run', async () => {
		const busy = `${cid}-busy`;
		// 20 slots already reserved 70 s ahead (other executions queued for this cid): the next slot is
		// 131 s away, beyond the default bound of 120 s.
		prefillPacer(api.bot.apiUrl, busy, 20, Date.now() + 70_000);
		const result = await send({ event: 'end' }, [{ json: { cid } }, { json: { cid: busy } }]);
		expect(result.error?.message).toBe(
			`Userlike's limit of 20 requests a minute for chat session ${busy} is used up`,
		);
		expect(result.error?.description).toContain(
			'longer than "Max Wait for Rate Limit" (120 s) allows. Nothing was sent.',
		);
		expect(api.bot.requests()).toEqual([]);
	});
});

describe('Userlike Chatbot API credential test', () => {
	it('proves URL and token with an empty event list (no side effect)', async () => {
		const result = await runCredentialTest('userlikeChatbotApi', {
			apiUrl: api.bot.apiUrl,
			securityToken: api.bot.securityToken,
		});
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(api.bot.requests()).toHaveLength(1);
		expect(api.bot.requests()[0]).toMatchObject({
			method: 'POST',
			rawBody: '[]',
			body: [],
			status: 200,
		});
		expect(api.bot.requests()[0].headers['content-type']).toBe('application/json');
		expect(api.bot.requests()[0].headers['security-token']).toBe(api.bot.securityToken);
		expect(api.bot.accepted).toEqual([]);
	});

	it('a wrong token fails with a clear message', async () => {
		const result = await runCredentialTest('userlikeChatbotApi', {
			apiUrl: api.bot.apiUrl,
			securityToken: 'wrong',
		});
		// n8n 2.8 reports its own text for a 403 (its NodeApiError keeps no cause for the test's rules).
		expect(result).toEqual({
			status: 'Error',
			message: 'Forbidden - perhaps check your credentials?',
		});
		expect(api.bot.requests().map((request) => request.status)).toEqual([403]);
	});

	it('a wrong URL fails with a clear message', async () => {
		const result = await runCredentialTest('userlikeChatbotApi', {
			apiUrl: `${api.sim.url}/api/chatbot/other-bot/`,
			securityToken: api.bot.securityToken,
		});
		expect(result).toEqual({
			status: 'Error',
			message: 'The resource you are requesting could not be found',
		});
	});
});
