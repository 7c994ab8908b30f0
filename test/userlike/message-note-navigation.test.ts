import type { INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

import { loadPackage } from '../harness/n8n';
import { SEEDED } from '../simulator';
import { byId, useSimulator } from './setup';

const ctx = useSimulator({ seed: { messagesPerConversation: 250 } });

describe('message: get many', () => {
	it('follows the cursor links in pages of 100: 250 messages take 3 calls', async () => {
		const { items, error } = await ctx.run({
			resource: 'message',
			operation: 'getAll',
			conversationId: byId(50001),
			returnAll: true,
		});
		expect(error).toBeUndefined();
		const expected = ctx.sim.data.messages
			.filter((m) => m.conversation_id === 50001)
			.map((m) => m.id)
			.sort((a, b) => b - a);
		expect(expected).toHaveLength(250);
		expect(items.map((item) => item.id)).toEqual(expected);
		const calls = ctx.apiCalls();
		expect(calls).toHaveLength(3);
		expect(calls.every((call) => call.path === '/api/um/v3/conversations/50001/messages/')).toBe(
			true,
		);
		expect(calls[0].query).toEqual({ limit: '100' });
		expect(calls[1].query.cursor).toBeTruthy();
		expect(calls[2].query.cursor).toBeTruthy();
	});

	it('sends the type, sender type and event filters and the order', async () => {
		const { items } = await ctx.run({
			resource: 'message',
			operation: 'getAll',
			conversationId: byId(50001),
			returnAll: false,
			limit: 500,
			filters: { type: 'co', sender_type: 'contact' },
			options: { ordering: 'id' },
		});
		const expected = ctx.sim.data.messages
			.filter((m) => m.conversation_id === 50001 && m.type === 'co' && m.sender_type === 'contact')
			.map((m) => m.id)
			.sort((a, b) => a - b);
		expect(expected.length).toBeGreaterThan(0);
		expect(items.map((item) => item.id)).toEqual(expected);
		expect(ctx.apiCalls()[0].query).toEqual({
			type: 'co',
			sender_type: 'contact',
			ordering: 'id',
			limit: '100',
		});
	});

	it('a Type filter just added (its default, "Any Type") filters nothing and sends no type', async () => {
		const { loader } = await loadPackage();
		const description = (loader.nodeTypes.userlike.type as { description: INodeTypeDescription })
			.description;
		const filters = description.properties.find(
			(p) => p.name === 'filters' && p.displayOptions?.show?.resource?.includes('message'),
		)!;
		const type = (filters.options as INodeProperties[]).find((o) => o.name === 'type')!;
		expect(type.default).toBe('');
		expect((type.options as INodePropertyOptions[])[0]).toEqual({
			name: 'Any Type (Choose One to Filter)',
			value: '',
		});
		await ctx.run({
			resource: 'message',
			operation: 'getAll',
			conversationId: byId(50001),
			filters: { type: type.default },
		});
		expect(ctx.apiCalls()[0].query).toEqual({ limit: '50' });
	});

	it('stops at the limit: 120 of 250 messages take 2 calls', async () => {
		const { items } = await ctx.run({
			resource: 'message',
			operation: 'getAll',
			conversationId: byId(50002),
			returnAll: false,
			limit: 120,
		});
		const newest = ctx.sim.data.messages
			.filter((m) => m.conversation_id === 50002)
			.map((m) => m.id)
			.sort((a, b) => b - a)
			.slice(0, 120);
		expect(items.map((item) => item.id)).toEqual(newest);
		expect(ctx.apiCalls()).toHaveLength(2);
	});

	it('filters by event', async () => {
		const { items } = await ctx.run({
			resource: 'message',
			operation: 'getAll',
			conversationId: byId(50002),
			returnAll: true,
			filters: { event: 'welcome_message' },
		});
		const expected = ctx.sim.data.messages.filter(
			(m) => m.conversation_id === 50002 && m.event === 'welcome_message',
		);
		expect(expected.length).toBeGreaterThan(0);
		expect(items).toHaveLength(expected.length);
		expect(ctx.apiCalls()[0].query).toEqual({ event: 'welcome_message', limit: '100' });
	});

	it('names the conversation when it does not exist', async () => {
		const { error } = await ctx.run({
			resource: 'message',
			operation: 'getAll',
			conversationId: byId(12345),
			returnAll: true,
		});
		expect(error?.message).toBe('No conversation with ID 12345 exists');
	});
});

describe('note', () => {
	it('create (v3): POSTs notes/ with the text and the conversation, and returns the note', async () => {
		const { items, error } = await ctx.run({
			resource: 'note',
			operation: 'create',
			target: 'conversation',
			conversationId: byId(50002),
			body: 'Called back, all good.',
		});
		expect(error).toBeUndefined();
		const [call] = ctx.apiCalls();
		expect(call).toMatchObject({ method: 'POST', path: '/api/um/v3/notes/', status: 201 });
		expect(call.headers['content-type']).toMatch(/^application\/json/);
		expect(call.body).toEqual({ body: 'Called back, all good.', conversation_id: 50002 });
		expect(items[0]).toMatchObject({ body: 'Called back, all good.', conversation_id: 50002 });
		expect(ctx.sim.data.notes.some((note) => note.id === items[0].id)).toBe(true);
	});

	it('create on a contact, merging the raw JSON body but never its target fields', async () => {
		await ctx.run({
			resource: 'note',
			operation: 'create',
			target: 'contact',
			contactId: byId(SEEDED.davidContactId),
			body: 'VIP',
			options: { additionalBody: '{"pinned": true, "conversation_id": 1}' },
		});
		expect(ctx.apiCalls()[0].body).toEqual({
			pinned: true,
			body: 'VIP',
			contact_identity_id: SEEDED.davidContactId,
		});
	});

	it('create refuses empty text, bad JSON and the v2 API before sending', async () => {
		const empty = await ctx.run({
			resource: 'note',
			operation: 'create',
			conversationId: byId(50002),
			body: '   ',
		});
		expect(empty.error?.message).toBe('The note text is empty');
		const badJson = await ctx.run({
			resource: 'note',
			operation: 'create',
			conversationId: byId(50002),
			body: 'x',
			options: { additionalBody: '[1,2]' },
		});
		expect(badJson.error?.message).toBe('Additional Body Fields must be a JSON object');
		const v2 = await ctx.run(
			{ resource: 'note', operation: 'create', conversationId: byId(50002), body: 'x' },
			{ credentials: ctx.credentials({ apiVersion: 'v2' }) },
		);
		expect(v2.error?.message).toBe('Creating notes needs the v3 API');
		expect(ctx.apiCalls()).toHaveLength(0);
	});

	it('get, get many by conversation or contact, and delete', async () => {
		const get = await ctx.run({ resource: 'note', operation: 'get', noteId: '8001' });
		expect(get.items[0]).toMatchObject({ id: 8001, conversation_id: 50001 });

		const byConversation = await ctx.run({
			resource: 'note',
			operation: 'getAll',
			returnAll: true,
			filters: { conversation_id: 50001 },
		});
		const expected = ctx.sim.data.notes.filter((n) => n.conversation_id === 50001).map((n) => n.id);
		expect(byConversation.items.map((n) => n.id).sort()).toEqual(expected.sort());

		const byContact = await ctx.run({
			resource: 'note',
			operation: 'getAll',
			returnAll: true,
			filters: { contact_identity_id: SEEDED.annaContactId },
			options: { excludeIds: '8002' },
		});
		expect(byContact.items.every((n) => n.contact_identity_id === SEEDED.annaContactId)).toBe(true);
		expect(byContact.items.some((n) => n.id === 8002)).toBe(false);

		const del = await ctx.run({ resource: 'note', operation: 'delete', noteId: '8001' });
		expect(del.items).toEqual([{ deleted: true, id: 8001 }]);
		expect(ctx.apiCalls().map((c) => `${c.method} ${c.path} ${JSON.stringify(c.query)}`)).toEqual([
			'GET /api/um/v3/notes/8001/ {}',
			'GET /api/um/v3/notes/ {"conversation_id":"50001","limit":"100"}',
			`GET /api/um/v3/notes/ {"contact_identity_id":"${SEEDED.annaContactId}","exclude_ids":"8002","limit":"100"}`,
			'DELETE /api/um/v3/notes/8001/ {}',
		]);
	});

	it('refuses both filters at once (they can never match)', async () => {
		const { error } = await ctx.run({
			resource: 'note',
			operation: 'getAll',
			returnAll: true,
			filters: { conversation_id: 50001, contact_identity_id: 2001 },
		});
		expect(error?.message).toBe('Use either Conversation ID or Contact ID, not both');
		expect(ctx.apiCalls()).toHaveLength(0);
	});

	it('names the missing note', async () => {
		const { error } = await ctx.run({ resource: 'note', operation: 'delete', noteId: '77' });
		expect(error?.message).toBe('No note with ID 77 exists');
	});
});

describe('navigation event: get many', () => {
	it('pages through all navigation events of the organization, newest first', async () => {
		const { items } = await ctx.run({
			resource: 'navigationEvent',
			operation: 'getAll',
			returnAll: true,
			options: { excludeIds: '90080' },
		});
		const expected = ctx.sim.data.navigation
			.filter((n) => n.organization_id === SEEDED.organizationId && n.id !== 90080)
			.map((n) => n.id)
			.sort((a, b) => b - a);
		expect(items.map((item) => item.id)).toEqual(expected);
		expect(ctx.apiCalls().map((c) => c.query)).toEqual([{ exclude_ids: '90080', limit: '100' }]);
	});
});
