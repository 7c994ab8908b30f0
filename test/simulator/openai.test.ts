/** The OpenAI-compatible stand-in of the AI support bot (test/simulator/openai.ts), over plain HTTP. */
import { request } from 'undici';

import { createUserlikeSimulator, type UserlikeSimulator } from './index';
import { addOpenAiApi, type OpenAiApi } from './openai';

let sim: UserlikeSimulator;
let model: OpenAiApi;

beforeAll(async () => {
	sim = await createUserlikeSimulator();
	model = addOpenAiApi(sim);
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => model.reset());

async function call(path: string, body?: unknown, key: string | null = model.apiKey) {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (key !== null) headers.authorization = `Bearer ${key}`;
	const res = await request(`${model.baseUrl}${path}`, {
		method: body === undefined ? 'GET' : 'POST',
		headers,
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await res.body.text();
	let json: any;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.statusCode, headers: res.headers, text, json };
}

const TOOLS = [
	'Look_Up_Contact',
	'Update_Contact_Email',
	'Update_Contact_Phone',
	'Hand_Off_to_Human',
];
const chatTools = TOOLS.map((name) => ({
	type: 'function',
	function: { name, description: name, parameters: { type: 'object', properties: {} } },
}));
const system = { role: 'system', content: 'You are a support bot.' };

describe('OpenAI stand-in: authentication and errors', () => {
	it('lists the models with the key; 401 in OpenAI’s error format without it', async () => {
		const ok = await call('/models');
		expect(ok.status).toBe(200);
		expect(ok.json.data.map((m: any) => m.id)).toContain('gpt-5-mini');
		const denied = await call('/models', undefined, 'sk-wrong');
		expect(denied.status).toBe(401);
		expect(denied.json).toEqual({
			error: {
				message: 'Incorrect API key provided.',
				type: 'invalid_request_error',
				param: null,
				code: 'invalid_api_key',
			},
		});
		expect((await call('/chat/completions', { model: 'x', messages: [] }, null)).status).toBe(401);
	});

	it.each([
		['not JSON', '{"model": ', /could not parse the JSON body/],
		['no model', { messages: [{ role: 'user', content: 'hi' }] }, /must provide a model/],
		['no messages', { model: 'gpt-5-mini', messages: [] }, /empty array/],
	])('%s: 400', async (_, body, message) => {
		const res = await call('/chat/completions', body);
		expect(res.status).toBe(400);
		expect(res.json.error.message).toMatch(message);
	});

	it('"[quota]" in the message: 429 insufficient_quota, nothing recorded', async () => {
		const res = await call('/chat/completions', {
			model: 'gpt-5-mini',
			messages: [{ role: 'user', content: 'hi [quota]' }],
		});
		expect(res.status).toBe(429);
		expect(res.json.error.code).toBe('insufficient_quota');
		expect(model.calls).toEqual([]);
	});
});

describe('OpenAI stand-in: chat completions', () => {
	it('an empty message (the chat started): a greeting', async () => {
		const res = await call('/chat/completions', {
			model: 'gpt-5-mini',
			messages: [system, { role: 'user', content: '' }],
			tools: chatTools,
		});
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({
			object: 'chat.completion',
			model: 'gpt-5-mini',
			choices: [
				{
					index: 0,
					finish_reason: 'stop',
					message: { role: 'assistant', content: expect.stringMatching(/^Hi! I'm the sandbox/) },
				},
			],
		});
		expect(model.calls[0]).toMatchObject({ api: 'chat.completions', stream: false, tools: TOOLS });
	});

	it('an email address: a call of the email tool; with its result, the saved address', async () => {
		const user = { role: 'user', content: 'My new email is anna.new@example.com.' };
		const first = await call('/chat/completions', {
			model: 'gpt-5-mini',
			messages: [system, user],
			tools: chatTools,
		});
		expect(first.json.choices[0].finish_reason).toBe('tool_calls');
		const [toolCall] = first.json.choices[0].message.tool_calls;
		expect(toolCall).toMatchObject({
			type: 'function',
			function: { name: 'Update_Contact_Email', arguments: '{"email":"anna.new@example.com"}' },
		});
		const second = await call('/chat/completions', {
			model: 'gpt-5-mini',
			messages: [
				system,
				user,
				{ role: 'assistant', content: '', tool_calls: [toolCall] },
				{
					role: 'tool',
					tool_call_id: toolCall.id,
					content: JSON.stringify([{ id: 2001, email: 'anna.new@example.com' }]),
				},
			],
			tools: chatTools,
		});
		expect(second.json.choices[0].message.content).toBe(
			'Done: your email address is now anna.new@example.com. Anything else I can do for you?',
		);
	});

	it('a tool result with an error (a tool node that continued on fail): an apology naming it', async () => {
		const toolCall = {
			id: 'call_1',
			type: 'function',
			function: { name: 'Update_Contact_Email', arguments: '{"email":"a@b.de"}' },
		};
		const res = await call('/chat/completions', {
			model: 'gpt-5-mini',
			messages: [
				{ role: 'user', content: 'mail me at a@b.de' },
				{ role: 'assistant', content: '', tool_calls: [toolCall] },
				{ role: 'tool', tool_call_id: 'call_1', content: '[{"error":"The contact ID is empty"}]' },
			],
			tools: chatTools,
		});
		expect(res.json.choices[0].message.content).toBe(
			'Sorry, that did not work (The contact ID is empty). Shall I connect you with a colleague?',
		);
	});

	it.each([
		['Can I talk to a human?', 'Hand_Off_to_Human', {}],
		['Call me at +49 151 2345678', 'Update_Contact_Phone', { phone_number: '+49 151 2345678' }],
		['Who am I?', 'Look_Up_Contact', {}],
	])('%j: calls %s', async (content, name, args) => {
		const res = await call('/chat/completions', {
			model: 'gpt-5-mini',
			messages: [system, { role: 'user', content }],
			tools: chatTools,
		});
		const [toolCall] = res.json.choices[0].message.tool_calls;
		expect(toolCall.function.name).toBe(name);
		expect(JSON.parse(toolCall.function.arguments)).toEqual(args);
	});

	it('without the tools, a request for a human is only answered', async () => {
		const res = await call('/chat/completions', {
			model: 'gpt-5-mini',
			messages: [{ role: 'user', content: 'a human please' }],
		});
		expect(res.json.choices[0].message.tool_calls).toBeUndefined();
		expect(res.json.choices[0].message.content).toContain('You asked: "a human please"');
	});

	it('counts the earlier user messages it was sent (what a memory carried); deterministic', async () => {
		const body = {
			model: 'gpt-5-mini',
			messages: [
				{ role: 'user', content: [{ type: 'text', text: 'First' }] },
				{ role: 'assistant', content: 'ok' },
				{ role: 'user', content: 'Second' },
				{ role: 'assistant', content: 'ok' },
				{ role: 'user', content: 'Third?' },
			],
		};
		const a = await call('/chat/completions', body);
		const b = await call('/chat/completions', body);
		expect(a.json.choices[0].message.content).toContain('I remember 2 earlier messages');
		expect(b.json.choices[0].message.content).toBe(a.json.choices[0].message.content);
		expect(model.calls[0].messages.map((m) => m.text)).toEqual([
			'First',
			'ok',
			'Second',
			'ok',
			'Third?',
		]);
	});

	it('streams as server-sent events: the chunks add up to the same answer, then [DONE]', async () => {
		const messages = [{ role: 'user', content: 'Where is my parcel?' }];
		const plain = await call('/chat/completions', { model: 'gpt-5-mini', messages });
		const streamed = await call('/chat/completions', {
			model: 'gpt-5-mini',
			messages,
			stream: true,
			stream_options: { include_usage: true },
		});
		expect(streamed.status).toBe(200);
		expect(streamed.headers['content-type']).toMatch(/^text\/event-stream/);
		const frames = streamed.text.trim().split('\n\n');
		expect(frames[frames.length - 1]).toBe('data: [DONE]');
		const chunks = frames.slice(0, -1).map((f) => JSON.parse(f.replace(/^data: /, '')));
		expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
		const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
		expect(text).toBe(plain.json.choices[0].message.content);
		expect(chunks.find((c) => c.choices[0]?.finish_reason)?.choices[0].finish_reason).toBe('stop');
		expect(chunks[chunks.length - 1]).toMatchObject({
			choices: [],
			usage: { total_tokens: expect.any(Number) },
		});
	});

	it('streams a tool call: name first, then the arguments, finish_reason tool_calls', async () => {
		const res = await call('/chat/completions', {
			model: 'gpt-5-mini',
			messages: [{ role: 'user', content: 'mail me at a@b.de' }],
			tools: chatTools,
			stream: true,
		});
		const chunks = res.text
			.trim()
			.split('\n\n')
			.filter((f) => f !== 'data: [DONE]')
			.map((f) => JSON.parse(f.replace(/^data: /, '')));
		const deltas = chunks.flatMap((c) => c.choices[0]?.delta?.tool_calls ?? []);
		expect(deltas[0]).toMatchObject({
			index: 0,
			type: 'function',
			function: { name: 'Update_Contact_Email' },
		});
		expect(deltas.map((d) => d.function.arguments).join('')).toBe('{"email":"a@b.de"}');
		expect(chunks[chunks.length - 1].choices[0].finish_reason).toBe('tool_calls');
	});
});

describe('OpenAI stand-in: the Responses API', () => {
	const tools = TOOLS.map((name) => ({ type: 'function', name, parameters: { type: 'object' } }));

	it('a function call as output; its function_call_output in the next request gives the answer', async () => {
		const input = [{ role: 'user', content: [{ type: 'input_text', text: 'I need a person' }] }];
		const first = await call('/responses', {
			model: 'gpt-5-mini',
			instructions: 'Be kind.',
			input,
			tools,
		});
		expect(first.status).toBe(200);
		expect(first.json).toMatchObject({ object: 'response', status: 'completed' });
		const [fc] = first.json.output;
		expect(fc).toMatchObject({ type: 'function_call', name: 'Hand_Off_to_Human', arguments: '{}' });
		const second = await call('/responses', {
			model: 'gpt-5-mini',
			input: [
				...input,
				{ type: 'function_call', call_id: fc.call_id, name: fc.name, arguments: '{}' },
				{ type: 'function_call_output', call_id: fc.call_id, output: '{"ok":true}' },
			],
			tools,
		});
		expect(second.json.output).toEqual([
			expect.objectContaining({
				type: 'message',
				role: 'assistant',
				content: [
					expect.objectContaining({
						type: 'output_text',
						text: expect.stringContaining('handing you over'),
					}),
				],
			}),
		]);
		expect(model.calls.map((c) => c.api)).toEqual(['responses', 'responses']);
		expect(model.calls[0].messages[0]).toEqual({ role: 'system', text: 'Be kind.' });
	});

	it('refuses to stream (n8n asks for it only with a streaming trigger)', async () => {
		const res = await call('/responses', { model: 'gpt-5-mini', input: 'hi', stream: true });
		expect(res.status).toBe(400);
	});
});
