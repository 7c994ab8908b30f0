/**
 * The package as n8n installs and runs it: `npm pack`, installed into a real n8n's
 * $N8N_USER_FOLDER/.n8n/nodes, run by n8n's CLI (`n8n execute`) and server (production webhooks of
 * activated workflows), against the Userlike simulator. See e2e/harness.ts.
 */
import fs from 'node:fs';
import path from 'node:path';

import { chatbotLoadTest } from './chatbot-load';
import {
	chatbotCall,
	execute,
	executionsAfterGrace,
	EXTRA_MESSAGES,
	hostInfo,
	LONG_CONVERSATION_ID,
	namingHost,
	NAVIGATION_EVENTS,
	nodeError,
	nodeItems,
	postWebhook,
	secretHeader,
	SEEDED,
	startE2e,
	stopE2e,
	waitForExecutions,
	type E2eContext,
} from './harness';
import {
	DELETED_CONTACT,
	DELETED_CONTACTS_MANY,
	DELETED_CONVERSATION,
	DELETED_CONVERSATIONS_MANY,
	IDS,
	actionWorkflows,
	apiUrlBotWorkflow,
} from './workflows';

const { EXAMPLES_DIR } = require('../scripts/lib/setup.cjs');

const EXAMPLE = {
	crm: 'ulExampleCrmEnrich',
	sync: 'ulExampleConvSync',
	bot: 'ulExampleNameEmailBot',
	alert: 'ulExampleAddonAlert',
};

let ctx: E2eContext;

beforeAll(async () => {
	ctx = await namingHost(() => startE2e(() => [...actionWorkflows(), apiUrlBotWorkflow()]));
	process.stderr.write(
		`e2e set-up: ${JSON.stringify(ctx.timings)} ms; n8n on ${ctx.n8n.url}, sandbox on ${ctx.sim.url}\n`,
	);
}, 60 * 60_000);

afterAll(async () => {
	await stopE2e(ctx);
}, 60_000);

/** Requests to one API path (without the /api/um/v3 prefix), e.g. "contact_identities/". */
function calls(requests: any[], method: string, apiPath: string | RegExp) {
	return requests.filter(
		(r) =>
			r.method === method &&
			(typeof apiPath === 'string' ? r.path === `/api/um/v3/${apiPath}` : apiPath.test(r.path)),
	);
}

describe('the package in n8n', () => {
	it('loads every node of the package', () => {
		const loaded = ctx.n8n.loadedPackageNodes();
		expect(loaded).toEqual(
			expect.arrayContaining([
				'n8n-nodes-userlike.userlike',
				'n8n-nodes-userlike.userlikeTrigger',
				'n8n-nodes-userlike.userlikeChatbotTrigger',
				'n8n-nodes-userlike.userlikeChatbot',
			]),
		);
	});
});

describe('Userlike node, every resource, through `n8n execute`', () => {
	it('contacts: get many (one page of 100), search, get, update, delete, delete many', async () => {
		const org1Contacts = ctx.sim.data.contacts.filter(
			(c: any) => c.organization_id === SEEDED.organizationId,
		).length;
		const { run, requests } = await execute(ctx, IDS.contact);

		const all = nodeItems(run, 'Contacts: Get Many (All)');
		expect(all).toHaveLength(org1Contacts);
		const list = calls(requests, 'GET', 'contact_identities/');
		// Return All reads pages of 100: the 40 contacts take one call.
		expect(list[0].query).toMatchObject({ limit: '100' });
		expect(all[0]).toEqual(
			expect.objectContaining({ id: expect.any(Number), email: expect.any(String) }),
		);

		expect(nodeItems(run, 'Contacts: Search').map((c) => c.id)).toContain(SEEDED.gregorContactId);
		expect(list.some((r) => r.query.search_query === 'gregor' && r.query.limit === '5')).toBe(true);

		expect(nodeItems(run, 'Contact: Get')[0]).toMatchObject({
			id: SEEDED.davidContactId,
			email: 'david.miller@example.org',
		});
		const [patch] = calls(requests, 'PATCH', `contact_identities/${SEEDED.davidContactId}/`);
		expect(patch.body).toEqual({ city: 'Bielefeld', country: 'DE' });
		expect(patch.headers['content-type']).toMatch(/application\/json/);
		expect(nodeItems(run, 'Contact: Update')[0]).toMatchObject({
			id: SEEDED.davidContactId,
			city: 'Bielefeld',
			country: 'DE',
		});

		expect(nodeItems(run, 'Contact: Delete')).toEqual([{ deleted: true, id: DELETED_CONTACT }]);
		expect(calls(requests, 'DELETE', `contact_identities/${DELETED_CONTACT}/`)).toHaveLength(1);
		expect(nodeItems(run, 'Contacts: Delete Many')).toEqual([
			{ deleteRequestAccepted: true, requestedIds: DELETED_CONTACTS_MANY },
		]);
		const [bulk] = calls(requests, 'DELETE', 'contact_identities/');
		expect(bulk.query.delete_ids).toBe(DELETED_CONTACTS_MANY.join(','));
		expect(bulk.query.limit).toBe(String(DELETED_CONTACTS_MANY.length));
		expect(
			ctx.sim.data.contacts.some((c: any) =>
				[DELETED_CONTACT, ...DELETED_CONTACTS_MANY].includes(c.id),
			),
		).toBe(false);

		// The deleted contact is gone: a 404, reported as an error item (Continue On Fail).
		expect(nodeItems(run, 'Contact: Get Deleted')[0].error).toMatch(
			`No contact with ID ${DELETED_CONTACT} exists`,
		);

		// Every request carried the organization token, and nothing else.
		for (const r of requests) {
			expect(r.headers.authorization).toBe(require('../test/simulator').ORG_TOKEN);
			expect(r.headers['userlike-organization-id']).toBeUndefined();
			expect(r.headers['userlike-operator-id']).toBeUndefined();
		}
	});

	it('conversations: get many from the v3 "all" list, filter and order, get, delete (not an ongoing one), delete many', async () => {
		const org1 = ctx.sim.data.conversations.filter(
			(c: any) => c.organization_id === SEEDED.organizationId,
		);
		const open = org1
			.filter((c: any) => c.status === 'open')
			.map((c: any) => c.id)
			.sort((a: number, b: number) => a - b);
		const { run, requests } = await execute(ctx, IDS.conversation);

		expect(nodeItems(run, 'Conversations: Get Many (All List)')).toHaveLength(org1.length);
		expect(calls(requests, 'GET', 'conversations/all/')).toHaveLength(1);

		const filtered = nodeItems(run, 'Conversations: Ongoing');
		expect(filtered.map((c) => c.id)).toEqual(open.slice(0, 10));
		expect(calls(requests, 'GET', 'conversations/')[0].query).toMatchObject({
			status: 'open',
			ordering: 'id',
			limit: '10',
		});

		expect(nodeItems(run, 'Conversation: Get')[0]).toMatchObject({
			id: SEEDED.firstConversationId,
		});
		expect(nodeItems(run, 'Conversation: Delete')).toEqual([
			{ deleted: true, id: DELETED_CONVERSATION },
		]);

		const refused = nodeItems(run, 'Conversation: Delete Ongoing')[0];
		expect(refused.error).toMatch(/Userlike rejected the request/);
		expect(String(refused.description)).toMatch(/ongoing/i);
		expect(
			ctx.sim.data.conversations.some((c: any) => c.id === SEEDED.ongoingConversationIds[0]),
		).toBe(true);

		expect(nodeItems(run, 'Conversations: Delete Many')).toEqual([
			{ deleteRequestAccepted: true, requestedIds: DELETED_CONVERSATIONS_MANY },
		]);
		expect(calls(requests, 'DELETE', 'conversations/')[0].query.delete_ids).toBe(
			DELETED_CONVERSATIONS_MANY.join(','),
		);
	});

	it('messages: Return All follows the cursor across pages of 100; a limit asks for just that many', async () => {
		const total = ctx.sim.data.messages.filter(
			(m: any) => m.conversation_id === LONG_CONVERSATION_ID,
		).length;
		expect(total).toBe(6 + EXTRA_MESSAGES);
		const { run, requests } = await execute(ctx, IDS.message);

		const all = nodeItems(run, 'Messages: Get All');
		expect(all).toHaveLength(total);
		expect(new Set(all.map((m) => m.id)).size).toBe(total);
		const pages = calls(requests, 'GET', `conversations/${LONG_CONVERSATION_ID}/messages/`);
		// 156 messages: a page of 100, then the rest through the `next` link's cursor.
		expect(pages).toHaveLength(3);
		expect(pages[0].query).toMatchObject({ limit: '100' });
		expect(pages[1].query.cursor).toEqual(expect.any(String));

		const first3 = nodeItems(run, 'Messages: First 3, Oldest First');
		expect(first3).toHaveLength(3);
		expect(first3.map((m) => m.id)).toEqual([...first3.map((m) => m.id)].sort((a, b) => a - b));
		expect(pages[2].query).toMatchObject({ limit: '3', ordering: 'id' });
	});

	it('navigation events: Return All reads more than 200 events in three calls (pages of 100, following next)', async () => {
		// The seed has 250; deleting contacts earlier in the suite removed their events.
		const org1 = ctx.sim.data.navigation.filter(
			(n: any) => n.organization_id === SEEDED.organizationId,
		).length;
		expect(org1).toBeGreaterThan(200);
		expect(org1).toBeLessThanOrEqual(NAVIGATION_EVENTS);
		const { run, requests } = await execute(ctx, IDS.navigationEvent);
		const events = nodeItems(run, 'Navigation: Get All');
		expect(events).toHaveLength(org1);
		expect(new Set(events.map((e) => e.id)).size).toBe(org1);
		const pages = calls(requests, 'GET', 'navigation/');
		expect(pages).toHaveLength(3);
		expect(pages.map((p) => p.query.limit)).toEqual(['100', '100', '100']);
	});

	it('notes: create on a conversation and on a contact (v3 POST), list, get, delete', async () => {
		const { run, requests } = await execute(ctx, IDS.note);
		const created = nodeItems(run, 'Note: Create')[0];
		expect(created).toMatchObject({
			id: expect.any(Number),
			body: 'Called back, issue solved (e2e)',
			conversation_id: SEEDED.firstConversationId,
		});
		const posts = calls(requests, 'POST', 'notes/');
		expect(posts.map((p) => p.body)).toEqual([
			{ body: 'Called back, issue solved (e2e)', conversation_id: SEEDED.firstConversationId },
			{ body: 'Prefers email (e2e)', contact_identity_id: SEEDED.annaContactId },
		]);
		expect(nodeItems(run, 'Notes: Of Conversation').map((n) => n.id)).toContain(created.id);
		expect(nodeItems(run, 'Note: Get')[0]).toMatchObject({ id: created.id });
		expect(nodeItems(run, 'Note: Delete')).toEqual([{ deleted: true, id: created.id }]);
		expect(ctx.sim.data.notes.some((n: any) => n.id === created.id)).toBe(false);
	});

	it('operators: get many, get, slots, away (v3 endpoint), update, delete; the owner is protected', async () => {
		const { run, requests } = await execute(ctx, IDS.operator);
		const operators = nodeItems(run, 'Operators: Get Many');
		expect(operators.map((o) => o.id)).toEqual(
			expect.arrayContaining([SEEDED.ownerOperatorId, SEEDED.operatorId]),
		);
		expect(nodeItems(run, 'Operator: Get')[0]).toMatchObject({ id: SEEDED.operatorId });
		expect(nodeItems(run, 'Operator: Get Slots')[0]).toMatchObject({
			operator_id: SEEDED.operatorId,
		});

		expect(calls(requests, 'PATCH', `operators/${SEEDED.operatorId}/away/`)[0].body).toEqual({
			away: true,
		});
		expect(nodeItems(run, 'Operator: Set Away')[0]).toMatchObject({
			operator_id: SEEDED.operatorId,
			away: true,
		});
		expect(calls(requests, 'PATCH', `operators/${SEEDED.operator2Id}/`)[0].body).toEqual({
			out_of_office: true,
		});
		expect(nodeItems(run, 'Operator: Delete')).toEqual([{ deleted: true, id: SEEDED.operator2Id }]);

		const refused = nodeItems(run, 'Operator: Delete Owner')[0];
		expect(refused.error).toMatch(/403/);
		expect(nodeError(run, 'Operator: Delete Owner')).toBeUndefined();
	});

	it('a customer token acts for organization 2 as one of its operators (organization and operator headers)', async () => {
		const { run, requests } = await execute(ctx, IDS.operatorOrg2);
		expect(
			nodeItems(run, 'Org 2: Operators')
				.map((o) => o.id)
				.sort(),
		).toEqual([...SEEDED.org2OperatorIds].sort());
		expect(
			nodeItems(run, 'Org 2: Contacts')
				.map((c) => c.id)
				.sort(),
		).toEqual([...SEEDED.org2ContactIds].sort());
		expect(requests.length).toBeGreaterThanOrEqual(2);
		for (const r of requests) {
			expect(r.headers.authorization).toBe(require('../test/simulator').CUSTOMER_TOKEN);
			expect(r.headers['userlike-organization-id']).toBe(String(SEEDED.organization2Id));
			expect(r.headers['userlike-operator-id']).toBe(String(SEEDED.org2OperatorIds[0]));
		}
	});
});

describe('example workflows (examples/*.json)', () => {
	it('CRM enrichment: finds each CRM customer by email and PATCHes the phone number', async () => {
		const { run, requests } = await execute(ctx, EXAMPLE.crm);
		const lookups = calls(requests, 'GET', 'contact_identities/');
		expect(lookups.map((r) => r.query.email)).toEqual([
			'anna.schmidt@example.com',
			'gregor.meyer@example.net',
			'not.in.userlike@example.com',
		]);
		const patches = requests.filter((r) => r.method === 'PATCH');
		expect(patches.map((r) => [r.path, r.body])).toEqual([
			[
				`/api/um/v3/contact_identities/${SEEDED.annaContactId}/`,
				{ phone_number: '+49 30 1234567' },
			],
			[
				`/api/um/v3/contact_identities/${SEEDED.gregorContactId}/`,
				{ phone_number: '+49 40 7654321' },
			],
		]);
		expect(nodeItems(run, 'Update Phone Number').map((c) => [c.id, c.phone_number])).toEqual([
			[SEEDED.annaContactId, '+49 30 1234567'],
			[SEEDED.gregorContactId, '+49 40 7654321'],
		]);
	});

	it('conversation sync: the conversations updated in the last 24 hours, with every message', async () => {
		const since = Date.now() - 24 * 3600_000;
		const { run, requests } = await execute(ctx, EXAMPLE.sync);
		const expected = ctx.sim.data.conversations
			.filter(
				(c: any) =>
					c.organization_id === SEEDED.organizationId && Date.parse(c.updated_at) >= since,
			)
			.map((c: any) => c.id)
			.sort((a: number, b: number) => b - a);
		expect(expected.length).toBeGreaterThan(0);
		const conversations = nodeItems(run, 'Get Updated Conversations');
		expect(conversations.map((c) => c.id)).toEqual(expected);
		const [list] = calls(requests, 'GET', 'conversations/');
		expect(Date.parse(list.query.updated_at_from_date)).toBeGreaterThanOrEqual(since - 120_000);

		const rows = nodeItems(run, 'Sync Record');
		const expectedRows = ctx.sim.data.messages.filter((m: any) =>
			expected.includes(m.conversation_id),
		).length;
		expect(rows).toHaveLength(expectedRows);
		for (const row of rows) {
			const message = ctx.sim.data.messages.find((m: any) => m.id === row.message_id);
			expect(row.conversation_id).toBe(message?.conversation_id);
			expect(row.conversation_topics).toEqual(expect.any(String));
		}
		expect(calls(requests, 'GET', /\/messages\/$/)).toHaveLength(expected.length);
	});
});

describe('Userlike Trigger (add-on callbacks) on its production URL', () => {
	const unread = {
		_type: 'chat_session',
		_event: 'unread',
		// The keys of a conversation sent to an add-on (id, topics with text, contact with name and
		// email): https://lime-limepkg-userlike.readthedocs-hosted.com/en/latest/technical
		id: 50059,
		topics: [{ text: 'Billing' }],
		contact: { name: 'Anna Schmidt', email: 'anna.schmidt@example.com' },
		custom: { plan: 'business' },
	};

	it('a chosen event with the right header starts the workflow: the alert reaches the team chat', async () => {
		const before = (await ctx.n8n.executions(EXAMPLE.alert)).length;
		const answer = await postWebhook(ctx.webhooks[EXAMPLE.alert], unread, secretHeader(ctx));
		expect(answer.status).toBe(200);
		const executions = await waitForExecutions(ctx, EXAMPLE.alert, before + 1);
		expect(executions).toHaveLength(before + 1);
		expect(executions[executions.length - 1]).toMatchObject({ status: 'success', mode: 'webhook' });
		expect(ctx.teamChat).toContainEqual({
			text: ':warning: Nobody read the messages of Anna Schmidt (conversation 50059), topics: Billing',
			event: 'chat_session.unread',
		});
	});

	it('a wrong secret gets 403, a missing one 401, and nothing runs', async () => {
		const before = (await ctx.n8n.executions(EXAMPLE.alert)).length;
		const alerts = ctx.teamChat.length;
		const wrong = await postWebhook(
			ctx.webhooks[EXAMPLE.alert],
			unread,
			secretHeader(ctx, `${ctx.webhookSecret}x`),
		);
		expect(wrong.status).toBe(403);
		const missing = await postWebhook(ctx.webhooks[EXAMPLE.alert], unread);
		expect(missing.status).toBe(401);
		expect(await executionsAfterGrace(ctx, EXAMPLE.alert)).toHaveLength(before);
		expect(ctx.teamChat).toHaveLength(alerts);
	});

	it('an event that is not chosen gets 200 and starts nothing', async () => {
		const before = (await ctx.n8n.executions(EXAMPLE.alert)).length;
		const answer = await postWebhook(
			ctx.webhooks[EXAMPLE.alert],
			{ _type: 'operator', _event: 'online', operator_id: 103 },
			secretHeader(ctx),
		);
		expect(answer.status).toBe(200);
		expect(answer.json).toMatchObject({ status: 'ignored', event: 'operator.online' });
		expect(await executionsAfterGrace(ctx, EXAMPLE.alert)).toHaveLength(before);
	});

	it('a body that is no JSON object gets 400 with the reason, and nothing runs (trigger version 2, as n8n reads its bodies)', async () => {
		// n8n reads a version-2 start node's body only for JSON, text, form and XML content types.
		const example = JSON.parse(
			fs.readFileSync(path.join(EXAMPLES_DIR, 'addon-event-alert.json'), 'utf8'),
		);
		expect(example.nodes[0]).toMatchObject({
			type: 'n8n-nodes-userlike.userlikeTrigger',
			typeVersion: 2,
		});
		const before = (await ctx.n8n.executions(EXAMPLE.alert)).length;
		const alerts = ctx.teamChat.length;
		const sentAs = async (contentType: string) => {
			const answer = await postWebhook(ctx.webhooks[EXAMPLE.alert], unread, {
				...secretHeader(ctx),
				'content-type': contentType,
			});
			return { contentType, status: answer.status, json: answer.json };
		};
		expect(await sentAs('application/octet-stream')).toEqual({
			contentType: 'application/octet-stream',
			status: 400,
			json: {
				message: 'Not a Userlike add-on callback: The body is empty: Userlike sends a JSON object',
			},
		});
		expect(await sentAs('text/plain')).toEqual({
			contentType: 'text/plain',
			status: 400,
			json: { message: 'Not a Userlike add-on callback: The body must be a JSON object' },
		});
		expect(await executionsAfterGrace(ctx, EXAMPLE.alert)).toHaveLength(before);
		expect(ctx.teamChat).toHaveLength(alerts);
	});
});

describe('Userlike Chatbot Trigger and Userlike Chatbot on production URLs', () => {
	const call = chatbotCall;

	it('a chat start gets, in the HTTP response, the events the Userlike Chatbot Reply node built', async () => {
		const answer = await postWebhook(
			ctx.webhooks[EXAMPLE.bot],
			call('e2e-start', 'start', {}),
			secretHeader(ctx),
		);
		expect(answer.status).toBe(200);
		expect(answer.json).toEqual([
			{
				info: { cid: 'e2e-start', context: { step: 'name' } },
				packet: {
					event: 'message',
					payload: {
						body: 'Hi, I am the Nordlicht bot! Before I connect you with a colleague: what is your name?',
					},
				},
			},
		]);
	});

	it('a wrong secret header gets 403 and no execution', async () => {
		const before = (await ctx.n8n.executions(EXAMPLE.bot)).length;
		const answer = await postWebhook(
			ctx.webhooks[EXAMPLE.bot],
			call('e2e-intruder', 'start', {}),
			secretHeader(ctx, 'not-the-secret'),
		);
		expect(answer.status).toBe(403);
		expect(answer.text).not.toContain('Nordlicht bot');
		expect(await executionsAfterGrace(ctx, EXAMPLE.bot)).toHaveLength(before);
	});

	it('the sample bot: name, a wrong email, email, forward to a human; the context is carried between calls', async () => {
		const cid = 'e2e-conversation';
		let context: Record<string, unknown> = {};
		const transcript: string[] = [];
		async function say(event: string, payload: unknown) {
			const answer = await postWebhook(
				ctx.webhooks[EXAMPLE.bot],
				call(cid, event, payload, context),
				secretHeader(ctx),
			);
			expect(answer.status).toBe(200);
			const events = answer.json as any[];
			for (const e of events) {
				expect(e.info.cid).toBe(cid);
				// Userlike keeps the context it was sent last and echoes it with the next call.
				if (e.info.context && Object.keys(e.info.context).length) context = e.info.context;
				transcript.push(
					`${e.packet.event}${e.packet.payload && Object.keys(e.packet.payload).length ? ` ${JSON.stringify(e.packet.payload)}` : ''}`,
				);
			}
			return events;
		}

		await say('start', {});
		expect(context).toEqual({ step: 'name' });
		await say('message', { body: '  Anna Schmidt ' });
		expect(context).toEqual({ step: 'email', name: 'Anna Schmidt' });
		await say('message', { body: 'anna at example' });
		expect(context).toEqual({ step: 'email', name: 'Anna Schmidt' });
		const last = await say('message', { body: 'anna.schmidt@example.com' });
		expect(last.map((e) => e.packet.event)).toEqual(['contact_update', 'message', 'forward_any']);
		expect(context).toEqual({
			step: 'forwarded',
			name: 'Anna Schmidt',
			email: 'anna.schmidt@example.com',
		});

		expect(transcript).toEqual([
			'message {"body":"Hi, I am the Nordlicht bot! Before I connect you with a colleague: what is your name?"}',
			'contact_update {"name":"Anna Schmidt"}',
			'message {"body":"Thank you, Anna Schmidt! What is your email address?"}',
			'message {"body":"Hmm, that does not look like an email address. Could you type it again, Anna Schmidt?"}',
			'contact_update {"email":"anna.schmidt@example.com"}',
			'message {"body":"Thanks, Anna Schmidt. I am forwarding you to a colleague now."}',
			'forward_any',
		]);
		const executions = await waitForExecutions(ctx, EXAMPLE.bot, 5);
		expect(executions.filter((e) => e.status === 'success').length).toBeGreaterThanOrEqual(5);
	});

	it('API URL delivery: the webhook is answered at once, the reply reaches the bot API URL with the security token', async () => {
		const accepted = ctx.chatbot.accepted.length;
		const answer = await postWebhook(
			ctx.webhooks[IDS.chatbotApiUrl],
			call('e2e-api-url', 'message', { body: 'A-1042' }),
			secretHeader(ctx),
		);
		expect(answer.status).toBe(200);
		expect(answer.text).toBe('');
		await waitForExecutions(ctx, IDS.chatbotApiUrl, 1);
		const deadline = Date.now() + 15_000;
		while (ctx.chatbot.accepted.length === accepted && Date.now() < deadline)
			await new Promise((r) => setTimeout(r, 200));
		expect(ctx.chatbot.accepted.slice(accepted)).toEqual([
			expect.objectContaining({
				cid: 'e2e-api-url',
				event: 'message',
				payload: { body: 'Order A-1042 has shipped.' },
				context: { order: 'A-1042' },
			}),
		]);
		const [post] = ctx.chatbot.requests().slice(-1);
		expect(post.headers['security-token']).toBe(ctx.chatbot.securityToken);
	});
});

describe('the chatbot under load (single process)', () => {
	it(
		'200 chatbot round trips from 10 chat sessions at once: every answer right (latency recorded)',
		() => chatbotLoadTest(ctx, EXAMPLE.bot, `single-${hostInfo().version}`),
		10 * 60_000,
	);
});
