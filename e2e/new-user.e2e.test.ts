/**
 * What a new user meets in a real n8n 2.8 (issue "What a new user sees"): the Userlike API credential
 * in n8n's HTTP Request node (Custom API Call), n8n's offline lookups switched off, and the three
 * examples of that issue: the button menu bot, the operator automation and the note writer. The
 * credential a new node gets is checked on screen by the editor suite (e2e/editor.ui.test.ts).
 */
import fs from 'node:fs';
import path from 'node:path';

import { CUSTOMER_TOKEN, ORG_TOKEN } from '../test/simulator';
import {
	execute,
	namingHost,
	nodeItems,
	postWebhook,
	secretHeader,
	SEEDED,
	startE2e,
	stopE2e,
	waitForExecutions,
	type E2eContext,
} from './harness';

const { loadExample, exampleFiles } = require('../scripts/lib/setup.cjs');

const HTTP = 'ulE2eHttpRequest';
const MENU_BOT = 'ulExampleBubblesMenu';
const AWAY = 'ulExampleOperatorsAway';
const AWAY_ALWAYS = 'ulE2eOperatorsAwayNow';
const NOTES = 'ulExampleNoteWriter';

/** Manual trigger → two HTTP Request nodes with the Userlike API credential (predefined type). */
function httpRequestWorkflow(sandboxUrl: string): any {
	const id = (n: number) => `5c4b3a29-1807-4605-a403-00000000000${n}`;
	const request = (n: number, name: string, credential: { id: string; name: string }) => ({
		id: id(n),
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [220 * n, 0],
		parameters: {
			url: `${sandboxUrl}/api/um/v3/operators/`,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: 'userlikeApi',
			sendQuery: true,
			queryParameters: { parameters: [{ name: 'limit', value: '2' }] },
			options: {},
		},
		credentials: { userlikeApi: credential },
	});
	return {
		id: HTTP,
		name: 'e2e: HTTP Request with the Userlike API credential',
		nodes: [
			{
				id: id(0),
				name: 'Run',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			request(1, 'Organization Token', { id: 'userlikeSandbox1', name: 'Userlike Sandbox' }),
			request(2, 'Customer Token', {
				id: 'userlikeSandbox2',
				name: 'Userlike Customer Token',
			}),
		],
		connections: {
			Run: { main: [[{ node: 'Organization Token', type: 'main', index: 0 }]] },
			'Organization Token': { main: [[{ node: 'Customer Token', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

/** The operator example with no working day: every run is "outside business hours". */
function awayAlwaysWorkflow(sandboxUrl: string): any {
	const file = exampleFiles().find((f: string) => f.endsWith('operators-away-after-hours.json'));
	const workflow = loadExample(file, sandboxUrl);
	const hours = workflow.nodes.find((n: any) => n.name === 'Business Hours');
	for (const field of hours.parameters.assignments.assignments)
		if (field.name === 'workdays') field.value = '';
	return {
		...workflow,
		id: AWAY_ALWAYS,
		name: `${workflow.name} (e2e: no working day)`,
		nodes: workflow.nodes.map((n: any) => ({ ...n, id: n.id.replace(/^8c/, '8d') })),
	};
}

let ctx: E2eContext;

beforeAll(async () => {
	ctx = await namingHost(() =>
		startE2e(({ sandboxUrl }) => [httpRequestWorkflow(sandboxUrl), awayAlwaysWorkflow(sandboxUrl)]),
	);
}, 60 * 60_000);

afterAll(async () => {
	await stopE2e(ctx);
}, 60_000);

/** n8n's own cache of what its editor receives (`/types/nodes.json`, `/types/credentials.json`). */
function editorTypes(file: 'nodes.json' | 'credentials.json'): any[] {
	const candidates = [
		path.join(ctx.n8n.userFolder, '.n8n', '.cache', 'n8n', 'public', 'types', file),
		path.join(ctx.n8n.userFolder, '.cache', 'n8n', 'public', 'types', file),
	];
	const found = candidates.find((f) => fs.existsSync(f));
	if (!found) throw new Error(`n8n wrote no ${file} (looked in ${candidates.join(', ')})`);
	return JSON.parse(fs.readFileSync(found, 'utf8'));
}

describe('Custom API Call: the Userlike API credential in the HTTP Request node', () => {
	it("n8n's editor sees the credential's authenticate and adds Custom API Call to the Userlike node", () => {
		const credential = editorTypes('credentials.json').find((c) => c.name === 'userlikeApi');
		// A function in the package (no expression per request); n8n's loader gives the editor `{}`,
		// and the editor offers every credential with an `authenticate` to the HTTP Request node.
		expect(credential.authenticate).toEqual({});
		const node = editorTypes('nodes.json').find((n) => n.name === 'n8n-nodes-userlike.userlike');
		const resource = node.properties.find((p: any) => p.name === 'resource');
		expect(resource.options.map((o: any) => o.name)).toContain('Custom API Call');
	});

	it('an HTTP Request node calls the sandbox with the token, and the organization and operator only when set', async () => {
		const { run, requests } = await execute(ctx, HTTP);
		const calls = requests.filter((r) => r.path === '/api/um/v3/operators/');
		expect(calls).toHaveLength(2);
		expect(calls[0].headers.authorization).toBe(ORG_TOKEN);
		expect(calls[0].headers).not.toHaveProperty('userlike-organization-id');
		expect(calls[0].headers).not.toHaveProperty('userlike-operator-id');
		expect(calls[1].headers).toMatchObject({
			authorization: CUSTOMER_TOKEN,
			'userlike-organization-id': String(SEEDED.organization2Id),
			'userlike-operator-id': String(SEEDED.org2OperatorIds[0]),
		});
		expect(calls.map((r) => r.status)).toEqual([200, 200]);
		const [org2] = nodeItems(run, 'Customer Token');
		expect(org2.results[0].organization.id).toBe(SEEDED.organization2Id);
	});
});

// Which credential a node added from the nodes panel gets is what the editor shows: the editor suite
// checks it on screen (e2e/editor.ui.test.ts, "a new node's credential"), not n8n's database here.
describe('the sandbox a new user gets', () => {
	it('n8n does not look up its verified-nodes API (offline it only fills the log)', async () => {
		const cookie = await ctx.n8n.setupOwner({
			email: 'e2e@example.com',
			password: 'E2e-Password-1',
		});
		const response = await fetch(`${ctx.n8n.url}/rest/community-node-types`, {
			headers: { cookie: String(cookie) },
		});
		expect(response.status).toBe(200);
		const log = fs.readFileSync(ctx.n8n.logFile, 'utf8');
		expect(log).not.toMatch(/api(-staging)?\.n8n\.io|Failed to fetch community node/);
	});
});

describe('the three examples of a new user', () => {
	const call = (cid: string, event: string, payload: object, context = {}) => ({
		info: { cid, context, approach_mode: 'normal', contact: { name: 'Anna Schmidt' } },
		packet: { event, payload },
	});

	it('button menu bot: a start shows the buttons, each click its answer, the third a handover', async () => {
		const url = ctx.webhooks[MENU_BOT];
		const start = await postWebhook(url, call('menu-1', 'start', {}), secretHeader(ctx));
		expect(start.status).toBe(200);
		expect(start.json).toHaveLength(1);
		expect(start.json[0].packet).toEqual({
			event: 'bubbles',
			payload: {
				body: 'Hi, I am the Nordlicht bot. How can I help you?',
				options: [
					{ title: 'Where is my order?' },
					{ title: 'Opening hours' },
					{ title: 'Talk to a human' },
				],
			},
		});
		const hours = await postWebhook(url, call('menu-1', 'click', { option: 2 }), secretHeader(ctx));
		expect(hours.json.map((e: any) => e.packet.event)).toEqual(['message']);
		expect(hours.json[0].packet.payload.body).toMatch(/^We are here Monday to Friday/);
		const human = await postWebhook(url, call('menu-1', 'click', { option: 3 }), secretHeader(ctx));
		expect(human.json.map((e: any) => e.packet.event)).toEqual(['message', 'forward_any']);
		const other = await postWebhook(
			url,
			call('menu-1', 'message', { body: 'hm?' }),
			secretHeader(ctx),
		);
		expect(other.json[0].packet.event).toBe('bubbles');
		for (const events of [start.json, hours.json, human.json, other.json])
			for (const event of events) expect(event.info.cid).toBe('menu-1');
	});

	it('operator automation: outside business hours every online operator is set away', async () => {
		const online = () =>
			ctx.sim.data.operators.filter(
				(o: any) => o.organization_id === SEEDED.organizationId && o.available,
			);
		const before = online().map((o: any) => o.id);
		expect(before.length).toBeGreaterThan(0);
		const { run, requests } = await execute(ctx, AWAY_ALWAYS);
		const patches = requests.filter((r) => r.method === 'PATCH');
		expect(patches.map((r) => r.path).sort()).toEqual(
			before.map((id: number) => `/api/um/v3/operators/${id}/away/`).sort(),
		);
		for (const patch of patches) expect(patch.body).toEqual({ away: true });
		expect(
			nodeItems(run, 'Set Away')
				.map((item) => item.operator_id)
				.sort(),
		).toEqual([...before].sort());
		expect(online()).toEqual([]);

		// The example as shipped: within business hours it changes nothing (and outside them nobody
		// is online any more), so a second run sends no PATCH either way.
		const again = await execute(ctx, AWAY);
		expect(again.requests.filter((r) => r.method === 'PATCH')).toEqual([]);
	});

	it('note writer: an ended chat gets a note with its contact, topics and last message', async () => {
		const conversationId = SEEDED.firstConversationId;
		const before = (await ctx.n8n.executions(NOTES)).length;
		const answer = await postWebhook(
			ctx.webhooks[NOTES],
			{
				_type: 'chat_session',
				_event: 'end',
				id: conversationId,
				topics: [{ text: 'Billing' }],
				contact: { name: 'Anna Schmidt', email: 'anna.schmidt@example.com' },
				transcript: [
					{ body: 'Hello, my invoice is wrong.', operator_name: '' },
					{ body: 'Fixed it, you get a new one today.', operator_name: 'Lena Hoffmann' },
				],
			},
			secretHeader(ctx),
		);
		expect(answer.status).toBe(200);
		const executions = await waitForExecutions(ctx, NOTES, before + 1);
		expect(executions[executions.length - 1]).toMatchObject({ status: 'success' });
		const note = ctx.sim.data.notes.find(
			(n: any) => n.conversation_id === conversationId && n.body.startsWith('Chat with Anna'),
		);
		expect(note?.body).toBe(
			'Chat with Anna Schmidt (anna.schmidt@example.com) ended. Topics: Billing. 2 messages; the last, from Lena Hoffmann: "Fixed it, you get a new one today."',
		);
	});
});
