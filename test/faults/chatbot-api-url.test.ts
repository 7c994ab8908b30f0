/**
 * The chatbot API URL path through the same send core as the JSON API: connection
 * failures, timeouts, redirects, bodies, 429 without Retry-After, echoed secrets, deep context.
 */
import type { IDataObject } from 'n8n-workflow';

import { runWorkflow } from '../harness/n8n';
import type { UserlikeSimulator } from '../simulator';
import { createUserlikeSimulator } from '../simulator';
import { replyNode, useChatbotApi } from '../chatbot/helpers';
import { useFastRetries } from './policy';

const api = useChatbotApi();
useFastRetries(50);
let counter = 0;
let cid: string;
beforeEach(() => {
	cid = `cid-faults-${++counter}`;
});

async function send(parameters: IDataObject = {}, options: IDataObject = {}) {
	return await runWorkflow({
		nodes: [
			replyNode(
				'Userlike Chatbot',
				{
					delivery: 'apiUrl',
					event: 'message',
					body: 'Hello',
					cid: '={{ $json.cid }}',
					options,
					...parameters,
				},
				['userlikeChatbotApi'],
			),
		],
		credentials: {
			userlikeChatbotApi: { apiUrl: api.bot.apiUrl, securityToken: api.bot.securityToken },
		},
		input: [{ json: { cid } }],
	});
}

const chatbotPath = { pathIncludes: '/api/chatbot/' };

describe('chatbot API URL: refused, reset and silent connections', () => {
	it('a reset after sending keeps "may have been applied" (n8n does not replace it)', async () => {
		api.sim.behaviour.failNext.push({ reset: true, match: chatbotPath });
		const { error } = await send();
		expect(api.bot.requests()).toHaveLength(1);
		expect(error?.message).toBe(`Could not reach Userlike at ${new URL(api.bot.apiUrl).host}`);
		expect(error?.message).not.toMatch(/retry the request immediately/);
		expect(error?.description).toMatch(
			/Userlike may have applied the POST before the failure, so it was not repeated/,
		);
	});

	it('a refused connection says nothing reached Userlike', async () => {
		const { error } = await runWorkflow({
			nodes: [
				replyNode('Userlike Chatbot', { delivery: 'apiUrl', event: 'message', body: 'x', cid }, [
					'userlikeChatbotApi',
				]),
			],
			credentials: {
				userlikeChatbotApi: {
					apiUrl: 'http://127.0.0.1:9/api/chatbot/x/',
					securityToken: api.bot.securityToken,
				},
			},
		});
		expect(error?.message).toBe('Could not reach Userlike at 127.0.0.1:9');
		expect(error?.description).toMatch(/^Network error ECONNREFUSED\. Nothing reached Userlike\./);
	});

	it('a silent API URL is cut off at the Timeout and the POST is not repeated', async () => {
		api.sim.behaviour.failNext.push({ silent: true, match: chatbotPath });
		const { error } = await send({}, { timeout: 1 });
		expect(api.bot.requests()).toHaveLength(1);
		expect(error?.message).toBe('Userlike did not answer within 1 s');
		expect(error?.description).toMatch(/may have applied the POST/);
	});
});

describe('chatbot API URL: a 2xx answer that is not what Userlike sends', () => {
	it('a truncated JSON answer is an error', async () => {
		api.sim.behaviour.failNext.push({ truncate: true, match: chatbotPath });
		const { error } = await send();
		expect(error?.message).toMatch(/^Userlike answered 200 with JSON that breaks off/);
		expect(error?.description).toMatch(/may have applied the POST/);
	});

	it('an HTML page with 200 is an error', async () => {
		api.sim.behaviour.failNext.push({
			status: 200,
			rawBody: '<html><body>Login</body></html>',
			match: chatbotPath,
		});
		const { error } = await send();
		expect(error?.message).toMatch(
			/^Userlike answered 200 with an HTML page instead of JSON: <html><body>Login/,
		);
	});

	it('an empty 200 is accepted', async () => {
		api.sim.behaviour.failNext.push({ status: 200, rawBody: '', match: chatbotPath });
		const { error, output } = await send();
		expect(error).toBeUndefined();
		expect(output['Userlike Chatbot'][0].json).toMatchObject({ statusCode: 200 });
	});
});

describe('chatbot API URL: the SECURITY-TOKEN stays on the API URL origin', () => {
	let other: UserlikeSimulator;
	beforeAll(async () => {
		other = await createUserlikeSimulator();
	});
	afterAll(async () => await other.close());

	it.each([302, 307])(
		'a %i to another host is refused; the other host receives nothing',
		async (status) => {
			other.reset();
			api.sim.behaviour.failNext.push({
				status,
				redirect: `${other.url}/collect`,
				match: chatbotPath,
			});
			const { error } = await send();
			expect(error?.message).toBe(
				`Userlike redirected the request to another host (${new URL(other.url).host}); it was not followed`,
			);
			expect(other.requests).toHaveLength(0);
			expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(
				api.bot.securityToken,
			);
		},
	);

	it('a 307 on the same origin is followed with the token and the body', async () => {
		api.sim.behaviour.failNext.push({
			status: 307,
			redirect: new URL(api.bot.apiUrl).pathname,
			match: chatbotPath,
		});
		const { error } = await send();
		expect(error).toBeUndefined();
		const requests = api.bot.requests();
		expect(requests.map((r) => r.status)).toEqual([307, 200]);
		expect(requests[1].headers['security-token']).toBe(api.bot.securityToken);
		expect(api.bot.accepted).toHaveLength(1);
	});
});

describe('chatbot API URL: errors that tell the truth', () => {
	it('a 502 with an HTML page becomes a short text and says the events may have been applied', async () => {
		api.sim.behaviour.failNext.push({
			status: 502,
			rawBody:
				'<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>',
			match: chatbotPath,
		});
		const { error } = await send();
		expect(error?.message).toBe('Userlike answered 502: 502 Bad Gateway');
		expect(error?.description).toMatch(/may have applied the POST/);
	});

	it('a security token echoed in the error is redacted', async () => {
		api.sim.behaviour.failNext.push({
			status: 400,
			echoHeader: 'security-token',
			match: chatbotPath,
		});
		const { error } = await send();
		expect(error?.message).toMatch(/\[redacted\]/);
		expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(
			api.bot.securityToken,
		);
	});

	it('10,000 levels of JSON in Context are refused with the field name', async () => {
		const deep = '{"a":'.repeat(10000) + '1' + '}'.repeat(10000);
		const { error } = await send({ context: deep });
		expect(error?.message).toBe('Context is nested more than 64 levels deep');
		expect(api.bot.requests()).toHaveLength(0);
	});
});

describe('chatbot API URL: a 429 without Retry-After is retried within Max Wait for Rate Limit', () => {
	const throttled = () => ({
		status: 429,
		body: { detail: 'Request was throttled.' },
		match: chatbotPath,
	});

	it('seven hint-less 429s in a row are waited out when Max Wait allows it', async () => {
		// back-off 50 ms, 100 ms, … (the test's base delay): 7 retries need about 5 s of the 10 s allowed
		api.sim.behaviour.failNext.push(...Array.from({ length: 7 }, throttled));
		const { error } = await send({}, { maxRateLimitWait: 10 });
		expect(error).toBeUndefined();
		expect(api.bot.requests().map((r) => r.status)).toEqual([
			429, 429, 429, 429, 429, 429, 429, 200,
		]);
		expect(api.bot.accepted).toHaveLength(1);
	});

	it('gives up once Max Wait is spent, and says so', async () => {
		api.sim.behaviour.failNext.push(...Array.from({ length: 12 }, throttled));
		const { error } = await send({}, { maxRateLimitWait: 1 });
		expect(error?.message).toMatch(
			/^Userlike is still throttling chat session cid-faults-\d+ after \d+ attempts/,
		);
		expect(error?.description).toMatch(/"Max Wait for Rate Limit" is 1 s/);
		expect(api.bot.accepted).toHaveLength(0);
	});
});
