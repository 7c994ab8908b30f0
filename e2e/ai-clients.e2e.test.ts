/**
 * Userlike for AI clients, in a real n8n (the pinned host and, with test:e2e:latest, the newest):
 *
 * - examples/userlike-mcp-server.json: n8n's MCP Server Trigger with the Userlike node as tools, used
 *   by a real MCP client (the official TypeScript SDK, @modelcontextprotocol/sdk) over the transports
 *   the host's trigger offers: it lists the tools, calls each against the sandbox, gets Userlike's
 *   errors as tool errors, and is refused without the bearer token.
 * - examples/ended-chat-summary-note.json: a conversation.ended callback → every page of the
 *   conversation's messages → n8n's Basic LLM Chain with the sandbox's stand-in model → a note.
 *
 * n8n 1.85 (test:e2e:oldest) has no MCP Server Trigger: package.json leaves this file out there.
 * The MCP client's session (tool list, calls and answers) is written to .n8n-run/e2e-mcp-transcript.md.
 */
import fs from 'node:fs';
import path from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import { summarizeTranscript } from '../test/simulator/openai';
import {
	hostInfo,
	LONG_CONVERSATION_ID,
	namingHost,
	postWebhook,
	secretHeader,
	SEEDED,
	startE2e,
	stopE2e,
	waitForExecutions,
	type E2eContext,
} from './harness';

const { EXAMPLES_DIR, loadExample } = require('../scripts/lib/setup.cjs');
const { sleep } = require('../scripts/lib/n8n.cjs');

const MCP = 'ulExampleMcpServer';
const MCP_WRONG_TOKEN = 'ulE2eMcpWrongToken';
const SUMMARY = 'ulExampleChatSummary';
const WRONG_TOKEN_CREDENTIAL = 'userlikeWrongToken1';

const example = loadExample(path.join(EXAMPLES_DIR, 'userlike-mcp-server.json'));
const trigger = example.nodes.find((n: any) => n.type === '@n8n/n8n-nodes-langchain.mcpTrigger');

type Transport = 'streamable HTTP' | 'SSE';

/**
 * The transports the host's MCP Server Trigger offers, read from its installed code: streamable
 * HTTP (a POST without a session sets one up) and SSE (a GET on the same path, trigger version 2).
 */
function offeredTransports(): Transport[] {
	const file = path.join(
		hostInfo().hostDir,
		'node_modules/@n8n/n8n-nodes-langchain/dist/nodes/mcp/McpTrigger/McpTrigger.node.js',
	);
	const code = fs.readFileSync(file, 'utf8');
	const offered: Transport[] = [];
	if (code.includes('handleStreamableHttpSetup')) offered.push('streamable HTTP');
	if (/name: 'setup',\s*httpMethod: 'GET'/.test(code)) offered.push('SSE');
	return offered;
}

/** The example's MCP server with one tool whose Userlike credential holds a wrong token. */
function wrongTokenServer(): any {
	const tool = example.nodes.find((n: any) => n.name === 'get_contact');
	return {
		id: MCP_WRONG_TOKEN,
		name: 'e2e: MCP server whose Userlike credential has a wrong token',
		nodes: [
			{
				...trigger,
				id: 'e2e0mcp0-0000-4000-8000-000000000001',
				webhookId: 'e2e0mcp0-0000-4000-8000-0000000000aa',
				parameters: { authentication: 'none', path: 'userlike-wrong-token' },
				credentials: undefined,
			},
			{
				...tool,
				id: 'e2e0mcp0-0000-4000-8000-000000000002',
				credentials: { userlikeApi: { id: WRONG_TOKEN_CREDENTIAL, name: 'wrong token' } },
			},
		],
		connections: {
			get_contact: { ai_tool: [[{ node: trigger.name, type: 'ai_tool', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

let ctx: E2eContext;
const transcript: string[] = [];
const clients: Client[] = [];

beforeAll(async () => {
	ctx = await namingHost(() =>
		startE2e(() => [wrongTokenServer()], {
			activate: [MCP, MCP_WRONG_TOKEN],
			credentials: ({ sandboxUrl }) => [
				{
					id: WRONG_TOKEN_CREDENTIAL,
					name: 'Userlike (wrong token)',
					type: 'userlikeApi',
					data: {
						apiToken: 'not-a-userlike-token-0000000000000000000000',
						organizationId: '',
						operatorId: '',
						apiVersion: 'v3',
						baseUrl: sandboxUrl,
					},
				},
			],
		}),
	);
}, 60 * 60_000);

afterAll(async () => {
	for (const client of clients) await client.close().catch(() => undefined);
	fs.writeFileSync(
		path.join(hostInfo().runDir, 'e2e-mcp-transcript.md'),
		`${transcript.join('\n')}\n`,
	);
	await stopE2e(ctx);
}, 60_000);

/**
 * An MCP client connected to `url` over `transport`; `token` goes in `Authorization: Bearer` (none
 * when null).
 * Retries for up to 30 s while n8n answers 404 (it registers an active workflow's webhooks a moment
 * after it is up).
 */
async function connect(
	url: string,
	transport: Transport,
	token: string | null = ctx.mcpToken,
): Promise<Client> {
	const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
	const deadline = Date.now() + 30_000;
	for (;;) {
		const client = new Client({ name: 'n8n-nodes-userlike-e2e', version: '1.0.0' });
		const channel =
			transport === 'SSE'
				? new SSEClientTransport(new URL(url), { requestInit: { headers } })
				: new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
		try {
			await client.connect(channel);
			clients.push(client);
			return client;
		} catch (error) {
			await client.close().catch(() => undefined);
			if (!/404/.test(String((error as Error).message)) || Date.now() > deadline) throw error;
			await sleep(500);
		}
	}
}

interface ToolAnswer {
	isError: boolean;
	text: string;
}

/** Calls a tool; the call and its answer go into the transcript. */
async function call(
	client: Client,
	name: string,
	args: Record<string, unknown>,
): Promise<ToolAnswer> {
	const result: any = await client.callTool({ name, arguments: args });
	const text = (result.content ?? []).map((c: any) => c.text ?? '').join('');
	transcript.push(
		`- tools/call \`${JSON.stringify({ name, arguments: args })}\``,
		`  → ${result.isError ? 'isError: true, ' : ''}\`${text.length > 600 ? `${text.slice(0, 600)}…` : text}\``,
	);
	return { isError: result.isError === true, text };
}

/** A tool's JSON answer (n8n's MCP trigger sends the tool's output as JSON text). */
const json = (answer: ToolAnswer): any => {
	expect(answer.isError).toBe(false);
	const parsed = JSON.parse(answer.text);
	return typeof parsed === 'string' ? JSON.parse(parsed) : parsed;
};

/** What the example promises for each tool: its description and its inputs ($fromAI). */
function promisedTools(): { name: string; description: string; inputs: Record<string, any> }[] {
	return example.nodes
		.filter((n: any) => n.type === 'n8n-nodes-userlike.userlikeTool')
		.map((n: any) => {
			const inputs: Record<string, any> = {};
			const text = JSON.stringify(n.parameters);
			for (const m of text.matchAll(/\$fromAI\('(\w+)', '([^']*)', '(\w+)'\)/g)) {
				inputs[m[1]] = { type: m[3], description: m[2] };
			}
			return { name: n.name, description: n.parameters.toolDescription, inputs };
		});
}

const transports = offeredTransports();
const url = () => ctx.mcp[MCP];

describe('the Userlike tools over MCP (examples/userlike-mcp-server.json)', () => {
	it(`the host's MCP Server Trigger offers streamable HTTP (and the example uses trigger version 2)`, () => {
		expect(transports).toContain('streamable HTTP');
		expect(trigger.typeVersion).toBe(2);
		transcript.push(
			`### n8n ${hostInfo().version}: MCP Server Trigger at ${url()}, transports: ${transports.join(', ')}`,
			'',
		);
	});

	it.each(transports)(
		'%s: an MCP client lists the seven tools with the names, descriptions and inputs the example promises',
		async (transport) => {
			const client = await connect(url(), transport);
			const { tools } = await client.listTools();
			transcript.push(
				`tools/list over ${transport}:`,
				'```json',
				JSON.stringify(tools, null, 1),
				'```',
			);
			const promised = promisedTools();
			expect(tools.map((t) => t.name).sort()).toEqual(promised.map((t) => t.name).sort());
			for (const p of promised) {
				const tool = tools.find((t) => t.name === p.name)!;
				expect(tool.description).toBe(p.description);
				const properties = tool.inputSchema.properties as Record<string, any>;
				expect(Object.keys(properties).sort()).toEqual(Object.keys(p.inputs).sort());
				for (const [key, input] of Object.entries(p.inputs)) {
					expect(properties[key]).toMatchObject(input);
				}
				expect((tool.inputSchema.required ?? []).slice().sort()).toEqual(
					Object.keys(p.inputs).sort(),
				);
			}
		},
	);

	it('streamable HTTP: each tool called against the sandbox; what reached Userlike and what came back', async () => {
		const client = await connect(url(), 'streamable HTTP');
		transcript.push('', 'tools/call over streamable HTTP:');
		const anna = SEEDED.annaContactId;
		const since = () => ctx.sim.requests.length;
		const sent = (from: number) => ctx.sim.requests.slice(from);

		// find_contact: the search query reaches the contact list.
		let from = since();
		const found = json(await call(client, 'find_contact', { query: SEEDED.annaEmail }));
		expect(found[0]).toMatchObject({ id: anna, email: SEEDED.annaEmail, name: 'Anna Schmidt' });
		expect(found.length).toBeLessThanOrEqual(5);
		const [search] = sent(from).filter((r) => r.path === '/api/um/v3/contact_identities/');
		expect(search.query).toMatchObject({ search_query: SEEDED.annaEmail });

		// get_contact
		const contact = json(await call(client, 'get_contact', { contactId: anna }));
		expect((Array.isArray(contact) ? contact[0] : contact).id).toBe(anna);

		// update_contact_email / update_contact_phone: exactly the field, in the PATCH body.
		from = since();
		const david = SEEDED.davidContactId;
		const updated = json(
			await call(client, 'update_contact_email', {
				contactId: david,
				email: 'david.mcp@example.com',
			}),
		);
		expect((Array.isArray(updated) ? updated[0] : updated).email).toBe('david.mcp@example.com');
		from = patchOf(from, david, { email: 'david.mcp@example.com' });
		json(
			await call(client, 'update_contact_phone', { contactId: david, phoneNumber: '+49 30 555' }),
		);
		patchOf(from, david, { phone_number: '+49 30 555' });

		// list_contact_conversations: the contact's newest five.
		from = since();
		const conversations = json(
			await call(client, 'list_contact_conversations', { contactId: anna }),
		);
		const annas = ctx.sim.data.conversations
			.filter((c: any) => c.contact_identity_id === anna)
			.map((c: any) => c.id)
			.sort((a: number, b: number) => b - a);
		expect(conversations.map((c: any) => c.id)).toEqual(annas.slice(0, 5));
		const [list] = sent(from).filter((r) => r.path === '/api/um/v3/conversations/');
		expect(list.query).toMatchObject({ contact_identity_id: String(anna), ordering: '-id' });

		// read_conversation_messages: oldest first.
		const conversationId = annas[0];
		const messages = json(await call(client, 'read_conversation_messages', { conversationId }));
		const own = ctx.sim.data.messages
			.filter((m: any) => m.conversation_id === conversationId)
			.map((m: any) => m.id)
			.sort((a: number, b: number) => a - b);
		expect(messages.map((m: any) => m.id)).toEqual(own.slice(0, 100));

		// add_conversation_note: the note is in the sandbox.
		from = since();
		const text = 'Customer asked about invoice 2024-117 (via MCP)';
		const note = json(await call(client, 'add_conversation_note', { conversationId, text }));
		const posted = sent(from).filter((r) => r.method === 'POST' && r.path === '/api/um/v3/notes/');
		expect(posted.map((r) => [r.body, r.status])).toEqual([
			[{ body: text, conversation_id: conversationId }, 201],
		]);
		const stored = ctx.sim.data.notes.find((n: any) => n.body === text);
		expect(stored).toMatchObject({ conversation_id: conversationId });
		expect((Array.isArray(note) ? note[0] : note).id).toBe(stored!.id);
	});

	it.each(transports.filter((t) => t === 'SSE'))(
		'%s: a tool call works over the SSE transport too',
		async (transport) => {
			const client = await connect(url(), transport);
			transcript.push('', `tools/call over ${transport}:`);
			const found = json(await call(client, 'find_contact', { query: 'gregor' }));
			expect(found[0]).toMatchObject({ id: SEEDED.gregorContactId });
		},
	);

	it("Userlike's errors come back as tool errors with the node's message: an unknown contact (404), the daily quota (429), a wrong token (401)", async () => {
		const client = await connect(url(), 'streamable HTTP');
		transcript.push('', 'tool errors:');
		const missing = await call(client, 'get_contact', { contactId: 999999 });
		expect(missing.isError).toBe(true);
		expect(missing.text).toContain('No contact with ID 999999 exists');
		expect(missing.text).toContain('Userlike answered 404 Not Found');

		ctx.sim.setUsedToday(SEEDED.organizationId, 'contact_identities', 5000);
		try {
			const quota = await call(client, 'get_contact', { contactId: SEEDED.annaContactId });
			expect(quota.isError).toBe(true);
			expect(quota.text).toContain(
				"Userlike's daily quota for this resource is used up (429 Too Many Requests",
			);
		} finally {
			ctx.sim.setUsedToday(SEEDED.organizationId, 'contact_identities', 0);
		}

		const wrong = await connect(ctx.mcp[MCP_WRONG_TOKEN], 'streamable HTTP', null);
		const denied = await call(wrong, 'get_contact', { contactId: SEEDED.annaContactId });
		expect(denied.isError).toBe(true);
		expect(denied.text).toContain('Userlike did not accept the API token (401 Unauthorized)');
		expect(denied.text).not.toContain('not-a-userlike-token');
	});

	it('a client without the bearer token, or with a wrong one, is refused (and no tool runs)', async () => {
		const before = ctx.sim.requests.length;
		for (const token of [null, 'wrong-token']) {
			const refused = await connect(url(), 'streamable HTTP', token).catch((error) => error);
			expect(refused).toBeInstanceOf(Error);
			// The SDK's StreamableHTTPError carries the HTTP status as `code`.
			expect(refused).toMatchObject({ code: 403 });
			expect(refused.message).toContain('Authorization data is wrong!');
		}
		const answer = await postWebhook(url(), {
			jsonrpc: '2.0',
			id: 1,
			method: 'tools/call',
			params: { name: 'get_contact', arguments: { contactId: SEEDED.annaContactId } },
		});
		expect(answer.status).toBe(403);
		expect(ctx.sim.requests.slice(before)).toEqual([]);
	});
});

/** Asserts one PATCH of contact `id` with exactly `body` since request `from`; returns the new mark. */
function patchOf(from: number, id: number, body: Record<string, unknown>): number {
	const patches = ctx.sim.requests
		.slice(from)
		.filter((r) => r.method === 'PATCH' && r.path === `/api/um/v3/contact_identities/${id}/`);
	expect(patches.map((r) => [r.body, r.status])).toEqual([[body, 200]]);
	return ctx.sim.requests.length;
}

describe('an AI summary note on every ended conversation (examples/ended-chat-summary-note.json)', () => {
	const ended = (id: number) =>
		postWebhook(
			ctx.webhooks[SUMMARY],
			{ _type: 'conversation', _event: 'ended', id, status: 'ended' },
			secretHeader(ctx),
		);
	const notesOf = (id: number) =>
		ctx.sim.data.notes.filter(
			(n: any) => n.conversation_id === id && n.body.startsWith('AI summary:'),
		);

	it('a long conversation: every page of its messages, cut with a visible marker, summarised into one note', async () => {
		const id = LONG_CONVERSATION_ID;
		const runsBefore = (await ctx.n8n.executions(SUMMARY)).length;
		const requestsBefore = ctx.sim.requests.length;
		const modelBefore = ctx.model.calls.length;
		expect((await ended(id)).status).toBe(200);
		const runs = await waitForExecutions(ctx, SUMMARY, runsBefore + 1, 60_000);
		expect(runs[runs.length - 1].status).toBe('success');

		// All pages of the messages (cursor pages of at most 100).
		const own = ctx.sim.data.messages.filter((m: any) => m.conversation_id === id);
		expect(own.length).toBeGreaterThan(100);
		const pages = ctx.sim.requests
			.slice(requestsBefore)
			.filter((r) => r.path === `/api/um/v3/conversations/${id}/messages/`);
		expect(pages.length).toBe(Math.ceil(own.length / 100));

		// The model was sent the newest messages that fit, after a marker naming how many were cut.
		const [modelCall] = ctx.model.calls.slice(modelBefore);
		const prompt = modelCall.messages.find((m) => m.role === 'user')!.text;
		const marker = /^\[… (\d+) earlier messages left out to fit the model's context …\]$/m.exec(
			prompt,
		);
		expect(marker).not.toBeNull();
		const lines = prompt.split('\n').filter((l) => /^(Contact|Operator|Bot|System)/.test(l));
		expect(Number(marker![1]) + lines.length).toBe(own.filter((m: any) => m.body?.trim()).length);
		expect(Number(marker![1])).toBeGreaterThan(0);
		const newest = own.sort((a: any, b: any) => a.id - b.id)[own.length - 1];
		expect(lines[lines.length - 1]).toContain(newest.body);

		// One note: the stand-in model's summary of exactly that prompt.
		const notes = notesOf(id);
		transcript.push(
			'',
			`### ended-chat summary of conversation ${id} (${own.length} messages)`,
			'',
			'```',
			marker![0],
			'```',
			'note:',
			'```',
			...notes.map((n: any) => n.body),
			'```',
		);
		expect(notes).toHaveLength(1);
		// The note says what was cut too, whatever the model wrote.
		const total = own.filter((m: any) => m.body?.trim()).length;
		expect(notes[0].body).toBe(
			`AI summary:\n${summarizeTranscript(prompt)}\n(${marker![1]} earlier messages did not fit the model's context: the summary covers the newest ${lines.length} of ${total}.)`,
		);
		expect(notes[0].body).toContain(`conversation #${id}`);
	});

	it('a short conversation: no marker, every message in the summary', async () => {
		const id = SEEDED.firstConversationId + 1;
		const own = ctx.sim.data.messages.filter((m: any) => m.conversation_id === id && m.body);
		expect(own.length).toBeGreaterThan(0);
		const runsBefore = (await ctx.n8n.executions(SUMMARY)).length;
		const modelBefore = ctx.model.calls.length;
		expect((await ended(id)).status).toBe(200);
		const runs = await waitForExecutions(ctx, SUMMARY, runsBefore + 1, 60_000);
		expect(runs[runs.length - 1].status).toBe('success');
		const prompt = ctx.model.calls[modelBefore].messages.find((m) => m.role === 'user')!.text;
		expect(prompt).not.toContain('left out');
		expect(notesOf(id).map((n: any) => n.body)).toEqual([
			`AI summary:\n${summarizeTranscript(prompt)}`,
		]);
		expect(notesOf(id)[0].body).toContain(`${own.length} messages read`);
	});

	it('the model fails: the execution fails and no note is written', async () => {
		const id = SEEDED.firstConversationId + 2;
		const last = ctx.sim.data.messages.filter((m: any) => m.conversation_id === id).pop()!;
		ctx.sim.data.messages.push({
			...last,
			id: Math.max(...ctx.sim.data.messages.map((m: any) => m.id)) + 1,
			body: 'This message makes the stand-in model fail [quota]',
		});
		const runsBefore = (await ctx.n8n.executions(SUMMARY)).length;
		expect((await ended(id)).status).toBe(200);
		const runs = await waitForExecutions(ctx, SUMMARY, runsBefore + 1, 60_000);
		const run = runs[runs.length - 1];
		expect(run.status).toBe('error');
		expect(await ctx.n8n.executionData(run.id)).toMatch(/quota/i);
		expect(notesOf(id)).toEqual([]);
	});
});
