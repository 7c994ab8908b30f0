import { SEEDED } from '../simulator';
import { byId, fromList, useSimulator } from './setup';

const ctx = useSimulator();

function org1Conversations() {
	return ctx.sim.data.conversations.filter((c) => c.organization_id === SEEDED.organizationId);
}

describe('conversation: get', () => {
	it('GETs conversations/{id}/ with the token and returns the simplified conversation', async () => {
		const { items, error } = await ctx.run({
			resource: 'conversation',
			operation: 'get',
			conversationId: fromList(50003),
		});
		expect(error).toBeUndefined();
		const [call] = ctx.apiCalls();
		expect(call).toMatchObject({
			method: 'GET',
			path: '/api/um/v3/conversations/50003/',
			status: 200,
		});
		expect(call.headers.authorization).toBe(ctx.credentials().apiToken);
		expect(call.headers['userlike-organization-id']).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].id).toBe(50003);
		// Every key the docs name for conversations (list filters and ordering, the last message, the
		// payload of a real conversation); no undocumented ones (subject, channel, ongoing, ...).
		expect(Object.keys(items[0]).sort()).toEqual(
			[
				'accepts_messages',
				'channel_custom_contact_identifier',
				'channel_custom_conversation_identifier',
				'contact',
				'contact_first_message_sent_at',
				'contact_identity_id',
				'contact_last_message_sent_at',
				'contact_last_update_at',
				'contact_uuid',
				'id',
				'last_message',
				'last_message_sent_at',
				'operator_id',
				'status',
				'topics',
				'um_widget_id',
				'updated_at',
			].sort(),
		);
		expect(items[0]).not.toHaveProperty('addon_urls');
		expect((items[0].contact as { id: number }).id).toBe(SEEDED.gregorContactId);
		// The nested contact is the short one: who it is and how to reach them.
		const contact = items[0].contact as Record<string, unknown>;
		expect(Object.keys(contact).sort()).toEqual(
			[
				'city',
				'company',
				'country',
				'email',
				'id',
				'locale',
				'mobile_number',
				'name',
				'phone_number',
				'uuid',
			].sort(),
		);
		expect(contact.name).toBe(ctx.sim.data.contacts.find((c) => c.id === contact.id)?.name);
	});

	it('returns the raw conversation, with the whole contact, when Simplify is off', async () => {
		const { items } = await ctx.run({
			resource: 'conversation',
			operation: 'get',
			conversationId: byId(50003),
			simplify: false,
		});
		expect(items[0]).toHaveProperty('last_message');
		expect(items[0]).toHaveProperty('um_widget_id');
		const contact = items[0].contact as Record<string, unknown>;
		expect(contact).toHaveProperty('custom_field_data');
		expect(contact).toHaveProperty('imports');
		expect(Object.keys(contact).length).toBeGreaterThan(30);
	});

	it('Get Many with Simplify keeps every nested contact short', async () => {
		const { items } = await ctx.run({
			resource: 'conversation',
			operation: 'getAll',
			returnAll: false,
			limit: 20,
		});
		expect(items).toHaveLength(20);
		for (const item of items) {
			if (item.contact === null) continue;
			expect(Object.keys(item.contact as object).length).toBeLessThanOrEqual(10);
			expect(item.contact).not.toHaveProperty('custom_field_data');
		}
		expect(items.filter((item) => item.contact !== null).length).toBeGreaterThan(0);
	});

	it('says which conversation does not exist (404), with the item index', async () => {
		const { error } = await ctx.run({
			resource: 'conversation',
			operation: 'get',
			conversationId: byId(999999),
		});
		expect(error?.message).toBe('No conversation with ID 999999 exists');
		expect(error?.httpCode).toBe('404');
		expect((error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(0);
	});

	it('refuses an ID that is not a number before calling Userlike', async () => {
		// n8n itself blocks a literal "abc" (the locator's regex); an expression can still yield one.
		const { error } = await ctx.run(
			{ resource: 'conversation', operation: 'get', conversationId: byId('={{ $json.id }}') },
			{ input: [{ json: { id: 'abc' } }] },
		);
		expect(error?.message).toBe('The conversation ID must be a positive whole number, not "abc"');
		expect(ctx.apiCalls()).toHaveLength(0);
	});
});

describe('conversation: get many', () => {
	it('sends all 14 filters, the search, the ordering and exclude IDs as Userlike names them', async () => {
		const filters = {
			contact_uuid: 'uuid-1',
			operator_id: 103,
			status: 'ended',
			topics: 'Support',
			um_widget_id: 21,
			contact_first_message_to_date: '2025-06-01T00:00:00',
			contact_first_message_from_date: '2025-01-01T00:00:00',
			contact_last_message_to_date: '2025-06-01T00:00:00',
			contact_last_message_from_date: '2025-01-01T00:00:00',
			updated_at_to_date: '2025-06-01T00:00:00',
			updated_at_from_date: '2025-01-01T00:00:00',
			id__gt: 50001,
			id__lt: 50050,
			contact_identity_id: 2001,
			search_query: 'anna berlin',
		};
		const { error } = await ctx.run(
			{
				resource: 'conversation',
				operation: 'getAll',
				returnAll: false,
				limit: 5,
				filters,
				options: { ordering: '-last_message_sent_at', excludeIds: '50011, 50016' },
			},
			{ timezone: 'Europe/Berlin' },
		);
		expect(error).toBeUndefined();
		const [call] = ctx.apiCalls();
		expect(call.path).toBe('/api/um/v3/conversations/');
		// The picked dates are read in the workflow's time zone and sent with its offset.
		expect(call.query).toEqual({
			...Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, String(v)])),
			contact_first_message_to_date: '2025-06-01T00:00:00+02:00',
			contact_first_message_from_date: '2025-01-01T00:00:00+01:00',
			contact_last_message_to_date: '2025-06-01T00:00:00+02:00',
			contact_last_message_from_date: '2025-01-01T00:00:00+01:00',
			updated_at_to_date: '2025-06-01T00:00:00+02:00',
			updated_at_from_date: '2025-01-01T00:00:00+01:00',
			ordering: '-last_message_sent_at',
			exclude_ids: '50011,50016',
			limit: '5',
		});
	});

	it('date filters: 09:00 in the workflow time zone is 09:00 there, an explicit offset keeps its instant, a non-date is refused', async () => {
		const conversation = ctx.sim.data.conversations.find((c) => c.id === 50030)!;
		const updated = new Date(conversation.updated_at);
		// The wall-clock time of that update in Asia/Kolkata (+05:30, no daylight saving).
		const wall = (ms: number) => new Date(ms + 5.5 * 3600_000).toISOString().slice(0, 19);
		const kolkata = wall(Math.floor(updated.getTime() / 1000) * 1000);
		const secondLater = wall(Math.floor(updated.getTime() / 1000) * 1000 + 1000);
		const { items } = await ctx.run(
			{
				resource: 'conversation',
				operation: 'getAll',
				returnAll: true,
				filters: { updated_at_from_date: kolkata, updated_at_to_date: secondLater },
			},
			{ timezone: 'Asia/Kolkata' },
		);
		expect(ctx.apiCalls()[0].query.updated_at_from_date).toBe(`${kolkata}+05:30`);
		// The simulator compares instants: only conversations updated within that second match.
		expect(items.map((item) => item.id)).toContain(50030);
		for (const item of items)
			expect(Math.floor(Date.parse(item.updated_at as string) / 1000)).toBe(
				Math.floor(updated.getTime() / 1000),
			);

		await ctx.run(
			{
				resource: 'conversation',
				operation: 'getAll',
				filters: { updated_at_from_date: '2025-03-01T08:00:00Z' },
			},
			{ timezone: 'America/Los_Angeles' },
		);
		expect(ctx.apiCalls()[1].query.updated_at_from_date).toBe('2025-03-01T00:00:00-08:00');

		const { error } = await ctx.run({
			resource: 'conversation',
			operation: 'getAll',
			filters: { updated_at_from_date: 'yesterday' },
		});
		expect(error?.message).toBe('"yesterday" in updated_at_from_date is not a date');
		expect(ctx.apiCalls()).toHaveLength(2);
	});

	it('returns what the filters match (ANDed), as Userlike filters them', async () => {
		const { items } = await ctx.run({
			resource: 'conversation',
			operation: 'getAll',
			returnAll: true,
			filters: { contact_identity_id: SEEDED.annaContactId, status: 'ended' },
			simplify: false,
		});
		const expected = org1Conversations()
			.filter((c) => c.contact_identity_id === SEEDED.annaContactId && c.status === 'ended')
			.map((c) => c.id)
			.sort((a, b) => b - a);
		expect(expected.length).toBeGreaterThan(3);
		expect(items.map((item) => item.id)).toEqual(expected);
		expect(ctx.apiCalls()).toHaveLength(1);
	});

	it('Limit reads one page of exactly that size', async () => {
		const { items } = await ctx.run({
			resource: 'conversation',
			operation: 'getAll',
			returnAll: false,
			limit: 7,
		});
		expect(items).toHaveLength(7);
		expect(items.map((item) => item.id)).toEqual([50060, 50059, 50058, 50057, 50056, 50055, 50054]);
		expect(ctx.apiCalls().map((call) => call.query.limit)).toEqual(['7']);
	});

	it('orders by the chosen field', async () => {
		const { items } = await ctx.run({
			resource: 'conversation',
			operation: 'getAll',
			returnAll: false,
			limit: 3,
			options: { ordering: 'id' },
		});
		expect(items.map((item) => item.id)).toEqual([50001, 50002, 50003]);
	});

	it('search ranks contact matches first (keywords ORed)', async () => {
		const { items } = await ctx.run({
			resource: 'conversation',
			operation: 'getAll',
			returnAll: true,
			filters: { search_query: 'gregor' },
			simplify: false,
		});
		const gregors = org1Conversations().filter(
			(c) => c.contact_identity_id === SEEDED.gregorContactId,
		);
		expect(items.slice(0, gregors.length).map((item) => item.contact_identity_id)).toEqual(
			gregors.map(() => SEEDED.gregorContactId),
		);
	});

	it('reads the v3 list of all conversations when asked', async () => {
		await ctx.run({
			resource: 'conversation',
			operation: 'getAll',
			returnAll: false,
			limit: 2,
			options: { list: 'all' },
		});
		expect(ctx.apiCalls()[0].path).toBe('/api/um/v3/conversations/all/');
	});

	it('refuses the v3-only list of all conversations on v2, with the fix, and reads nothing', async () => {
		const { error } = await ctx.run(
			{ resource: 'conversation', operation: 'getAll', options: { list: 'all' } },
			{ credentials: ctx.credentials({ apiVersion: 'v2' }) },
		);
		expect(error?.message).toBe('The list "All" needs the v3 API');
		expect(error?.description).toMatch(/conversations\/all\/ in v3.*Nothing was read/);
		expect(ctx.apiCalls()).toEqual([]);
	});
});

describe('conversation: delete', () => {
	it('DELETEs conversations/{id}/ and returns { deleted: true, id }', async () => {
		const { items } = await ctx.run({
			resource: 'conversation',
			operation: 'delete',
			conversationId: byId(50001),
		});
		expect(items).toEqual([{ deleted: true, id: 50001 }]);
		expect(ctx.apiCalls()[0]).toMatchObject({
			method: 'DELETE',
			path: '/api/um/v3/conversations/50001/',
			status: 204,
		});
		expect(ctx.sim.data.conversations.some((c) => c.id === 50001)).toBe(false);
	});

	it('explains that ongoing conversations cannot be deleted', async () => {
		const { error } = await ctx.run({
			resource: 'conversation',
			operation: 'delete',
			conversationId: byId(50059),
		});
		expect(error?.message).toBe(
			'Userlike rejected the request: Conversation 50059 is ongoing and cannot be deleted.',
		);
		expect(error?.description).toMatch(/never deletes ongoing conversations/);
		expect(ctx.sim.data.conversations.some((c) => c.id === 50059)).toBe(true);
	});

	it('with Continue On Fail, a failed item becomes an error item and the others go on', async () => {
		const { output } = await ctx.run(
			{ resource: 'conversation', operation: 'delete', conversationId: '={{ $json.id }}' },
			{
				input: [{ json: { id: 50059 } }, { json: { id: 50002 } }],
				continueOnFail: true,
			},
		);
		expect(output.Userlike.map((item) => [item.json, item.pairedItem])).toEqual([
			[
				{
					error:
						'Userlike rejected the request: Conversation 50059 is ongoing and cannot be deleted.',
					description: expect.stringMatching(/ongoing/),
				},
				{ item: 0 },
			],
			[{ deleted: true, id: 50002 }, { item: 1 }],
		]);
	});
});

describe('conversation: delete many', () => {
	it('by IDs: collects the IDs of every item and deletes them 100 per call', async () => {
		const ids = org1Conversations()
			.filter((c) => !c.ongoing)
			.map((c) => c.id);
		const input = ids.map((id) => ({ json: { id } }));
		const { items, error } = await ctx.run(
			{
				resource: 'conversation',
				operation: 'deleteMany',
				deleteBy: 'ids',
				ids: '={{ $json.id }}',
			},
			{ input },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(ids.length);
		expect(items[0]).toEqual({ deleteRequestAccepted: true, requestedIds: [ids[0]] });
		const calls = ctx.apiCalls();
		expect(calls).toHaveLength(1);
		expect(calls[0]).toMatchObject({
			method: 'DELETE',
			path: '/api/um/v3/conversations/',
			status: 204,
		});
		expect(calls[0].query).toEqual({ delete_ids: ids.join(','), limit: String(ids.length) });
		expect(org1Conversations().map((c) => c.id)).toEqual(SEEDED.ongoingConversationIds);
	});

	it('by filters: sends the filters with the limit, in one call', async () => {
		const matching = org1Conversations()
			.filter((c) => c.operator_id === 103 && c.status === 'ended' && !c.ongoing)
			.map((c) => c.id);
		const excluded = matching[0];
		expect(matching.length).toBeGreaterThan(1);
		const { items } = await ctx.run({
			resource: 'conversation',
			operation: 'deleteMany',
			deleteBy: 'filters',
			filters: { operator_id: 103, status: 'ended' },
			deleteLimit: 100,
			options: { excludeIds: String(excluded) },
		});
		expect(ctx.apiCalls()).toHaveLength(1);
		expect(ctx.apiCalls()[0].query).toEqual({
			operator_id: '103',
			status: 'ended',
			exclude_ids: String(excluded),
			limit: '100',
		});
		expect(items).toEqual([
			{
				deleteRequestAccepted: true,
				query: { operator_id: 103, status: 'ended', exclude_ids: String(excluded), limit: 100 },
				atMost: 100,
			},
		]);
		const left = new Set(org1Conversations().map((c) => c.id));
		expect(matching.filter((id) => left.has(id))).toEqual([excluded]);
		expect(left.size).toBe(60 - (matching.length - 1));
	});

	it('refuses a delete without IDs, filter or search, and sends nothing', async () => {
		const byFilters = await ctx.run({
			resource: 'conversation',
			operation: 'deleteMany',
			deleteBy: 'filters',
			filters: {},
		});
		expect(byFilters.error?.message).toBe(
			'Refusing to delete conversations without a filter or search query',
		);
		const byIds = await ctx.run({
			resource: 'conversation',
			operation: 'deleteMany',
			deleteBy: 'ids',
			ids: '  ',
		});
		expect(byIds.error?.message).toBe('No conversation IDs to delete');
		expect(ctx.apiCalls()).toHaveLength(0);
	});

	it('deletes without filters only when the user confirms it explicitly', async () => {
		const { items } = await ctx.run({
			resource: 'conversation',
			operation: 'deleteMany',
			deleteBy: 'filters',
			filters: {},
			deleteLimit: 2,
			deleteWithoutFilters: true,
		});
		expect(items[0].deleteRequestAccepted).toBe(true);
		expect(ctx.apiCalls()[0].query).toEqual({ limit: '2' });
		// The two newest conversations that are not ongoing.
		expect(ctx.sim.data.conversations.some((c) => c.id === 50057)).toBe(false);
		expect(ctx.sim.data.conversations.some((c) => c.id === 50056)).toBe(false);
		expect(ctx.sim.data.conversations.some((c) => c.id === 50055)).toBe(true);
	});

	it('refuses a bad ID in any item before anything is deleted', async () => {
		const { error } = await ctx.run(
			{
				resource: 'conversation',
				operation: 'deleteMany',
				deleteBy: 'ids',
				ids: '={{ $json.ids }}',
			},
			{ input: [{ json: { ids: '50001,50002' } }, { json: { ids: '50003,x7' } }] },
		);
		expect(error?.message).toBe('"x7" in Conversation IDs is not an ID');
		expect(ctx.apiCalls()).toHaveLength(0);
		expect(ctx.sim.data.conversations.some((c) => c.id === 50001)).toBe(true);
	});

	it('names the ongoing conversation when Userlike refuses the whole call', async () => {
		const { error } = await ctx.run({
			resource: 'conversation',
			operation: 'deleteMany',
			deleteBy: 'ids',
			ids: '50001, 50059',
		});
		expect(error?.message).toMatch(/50059/);
		expect(error?.description).toMatch(/never deletes ongoing conversations/);
		expect(ctx.sim.data.conversations.some((c) => c.id === 50001)).toBe(true);
	});
});
