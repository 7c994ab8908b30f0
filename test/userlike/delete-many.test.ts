/**
 * Delete Many tells what Userlike was asked and what it confirmed, under both readings of the docs'
 * list DELETE ("10 by default and 100 at most" — https://www.userlike.com/en/public/tutorial/um/api/json,
 * "Conversation list endpoint - DELETE" and the contact list DELETE): the simulator's switch
 * `behaviour.deleteIdsLimit` applies the limit to delete_ids ('applies') or not ('lifted').
 */
import type { IDataObject } from 'n8n-workflow';

import { SEEDED } from '../simulator';
import { useSimulator } from './setup';

const ctx = useSimulator({ seed: { conversations: 300, contacts: 1100 } });

const org1Conversations = () => ctx.sim.data.conversations.filter((c) => c.organization_id === 1);
const deletable = () =>
	org1Conversations()
		.filter((c) => !c.ongoing)
		.map((c) => c.id)
		.sort((a, b) => a - b);
const deleteCalls = () => ctx.apiCalls().filter((call) => call.method === 'DELETE');
const sentIdsOf = (call: { query: Record<string, string> }) =>
	call.query.delete_ids.split(',').map(Number);

const byIds = (ids: string, extra: IDataObject = {}) => ({
	resource: 'conversation',
	operation: 'deleteMany',
	deleteBy: 'ids',
	ids,
	...extra,
});

describe.each(['lifted', 'applies'] as const)(
	'Delete Many by IDs, delete_ids limit %s',
	(reading) => {
		beforeEach(() => {
			ctx.sim.behaviour.deleteIdsLimit = reading;
		});

		it('250 named conversations: every call sends limit = its ID count, and all 250 are gone', async () => {
			const ids = deletable().slice(0, 250);
			const { items, error } = await ctx.run(byIds(ids.join(',')));
			expect(error).toBeUndefined();
			const calls = deleteCalls();
			expect(calls.map((call) => call.status)).toEqual([204, 204, 204]);
			expect(calls.map((call) => call.query.limit)).toEqual(['100', '100', '50']);
			expect(calls.map((call) => sentIdsOf(call).length)).toEqual([100, 100, 50]);
			expect(calls.flatMap(sentIdsOf)).toEqual(ids);
			const left = new Set(org1Conversations().map((c) => c.id));
			expect(ids.filter((id) => left.has(id))).toEqual([]);
			expect(items).toEqual([{ deleteRequestAccepted: true, requestedIds: ids }]);
		});

		it('1,000 contacts from 1,000 items: 10 calls of 100 with limit=100, none left', async () => {
			const ids = Array.from({ length: 1000 }, (_, i) => SEEDED.annaContactId + i);
			const { items, error } = await ctx.run(
				{ resource: 'contact', operation: 'deleteMany', deleteBy: 'ids', ids: '={{ $json.id }}' },
				{ input: ids.map((id) => ({ json: { id } })) },
			);
			expect(error).toBeUndefined();
			const calls = deleteCalls();
			expect(calls).toHaveLength(10);
			expect(calls.every((call) => call.query.limit === '100')).toBe(true);
			const left = new Set(ctx.sim.data.contacts.map((c) => c.id));
			expect(ids.filter((id) => left.has(id))).toEqual([]);
			expect(items).toHaveLength(1000);
			expect(items[999]).toEqual({ deleteRequestAccepted: true, requestedIds: [ids[999]] });
		});
	},
);

describe('Delete Many: the output claims only what Userlike confirmed', () => {
	it('an ongoing conversation Userlike skips silently is reported as requested, not as deleted', async () => {
		ctx.sim.behaviour.ongoingInListDelete = 'skip';
		const ongoing = org1Conversations().find((c) => c.ongoing)!.id;
		const done = deletable()[0];
		const { items, error } = await ctx.run(byIds(`${done}, ${ongoing}`));
		expect(error).toBeUndefined();
		expect(items).toEqual([{ deleteRequestAccepted: true, requestedIds: [done, ongoing] }]);
		expect(org1Conversations().some((c) => c.id === ongoing)).toBe(true);
		expect(org1Conversations().some((c) => c.id === done)).toBe(false);
	});

	it('a filtered delete reports the query and its cap, not a count', async () => {
		const { items, error } = await ctx.run({
			resource: 'conversation',
			operation: 'deleteMany',
			deleteBy: 'filters',
			filters: { status: 'ended' },
			deleteLimit: 5,
		});
		expect(error).toBeUndefined();
		expect(items).toEqual([
			{ deleteRequestAccepted: true, query: { status: 'ended', limit: 5 }, atMost: 5 },
		]);
	});
});

describe('Delete Many: a call that fails part-way', () => {
	const ids = () => deletable().slice(0, 250);

	it('the error says which IDs went out in confirmed calls, which in the failed call, which were not sent', async () => {
		const wanted = ids();
		// The second call (IDs 101–200 of the list) is refused.
		ctx.sim.behaviour.failNext.push({
			match: { method: 'DELETE', pathIncludes: String(wanted[150]) },
			status: 400,
			body: { detail: 'Refused.' },
		});
		const { error } = await ctx.run(byIds(wanted.join(',')));
		expect(error).toBeDefined();
		expect(deleteCalls().map((call) => call.status)).toEqual([204, 400]);
		const description = String(error?.description);
		expect(description).toContain(
			`Userlike confirmed the calls with 100 IDs: ${wanted[0]}–${wanted[99]}.`,
		);
		expect(description).toContain(
			`The call with these 100 IDs failed, so Userlike confirmed none of them (Get them to see which still exist): ${wanted[100]}–${wanted[199]}.`,
		);
		expect(description).toContain(`Not sent (50 IDs): ${wanted[200]}–${wanted[249]}.`);
		const left = new Set(org1Conversations().map((c) => c.id));
		expect(wanted.filter((id) => !left.has(id))).toEqual(wanted.slice(0, 100));
	});

	it('with Continue On Fail the item lists sentIds, failedIds and notSentIds exactly', async () => {
		const wanted = ids();
		ctx.sim.behaviour.failNext.push({
			match: { method: 'DELETE', pathIncludes: String(wanted[220]) },
			status: 400,
			body: { detail: 'Refused.' },
		});
		const other = deletable()[260];
		const { items, error } = await ctx.run(byIds('={{ $json.ids }}'), {
			input: [{ json: { ids: wanted.join(',') } }, { json: { ids: String(other) } }],
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(deleteCalls().map((call) => call.status)).toEqual([204, 204, 400]);
		expect(items[0]).toMatchObject({
			sentIds: wanted.slice(0, 200),
			failedIds: wanted.slice(200),
			notSentIds: [],
		});
		expect(String(items[0].error)).toMatch(/Refused/);
		// The other item's ID went out in the failed third call with the last 50 of the first item.
		expect(items[1]).toMatchObject({ sentIds: [], failedIds: [other], notSentIds: [] });
		const left = new Set(org1Conversations().map((c) => c.id));
		expect(wanted.filter((id) => !left.has(id))).toEqual(wanted.slice(0, 200));
	});

	it('an item all of whose calls succeeded is a success, even when a later call failed', async () => {
		const wanted = deletable();
		const first = wanted.slice(0, 100);
		const second = wanted.slice(100, 150);
		ctx.sim.behaviour.failNext.push({
			match: { method: 'DELETE', pathIncludes: String(second[0]) },
			status: 400,
			body: { detail: 'Refused.' },
		});
		const { items } = await ctx.run(byIds('={{ $json.ids }}'), {
			input: [{ json: { ids: first.join(',') } }, { json: { ids: second.join(',') } }],
			continueOnFail: true,
		});
		expect(items[0]).toEqual({ deleteRequestAccepted: true, requestedIds: first });
		expect(items[1]).toMatchObject({ sentIds: [], failedIds: second, notSentIds: [] });
	});
});

describe('Parameters are checked before anything is sent', () => {
	it.each([
		['"abc"', '={{ "abc" }}', '"abc"'],
		['-5', -5, '-5'],
		['1.5', 1.5, '1.5'],
	])('Limit %s is refused with the item named', async (_label, limit, shown) => {
		const { error } = await ctx.run(
			{ resource: 'conversation', operation: 'getAll', returnAll: false, limit },
			{ input: [{ json: {} }, { json: {} }] },
		);
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toBe(`Limit must be a whole number of at least 1, not ${shown}`);
		expect(error?.context?.itemIndex).toBe(0);
		expect(error?.description).toMatch(/^Item 1: /);
		expect(ctx.apiCalls()).toHaveLength(0);
	});

	it('an ID above 2^53 is refused, not rounded to another ID, before any DELETE', async () => {
		const huge = '9007199254740993'; // 2^53 + 1: Number() makes it 9007199254740992
		const many = await ctx.run(byIds(`50001, ${huge}`));
		expect(many.error?.message).toBe(
			`"${huge}" in Conversation IDs is larger than the largest ID n8n can handle exactly`,
		);
		const one = await ctx.run({
			resource: 'conversation',
			operation: 'delete',
			conversationId: { __rl: true, mode: 'id', value: huge },
		});
		expect(one.error?.message).toBe(
			`The conversation ID ${huge} is larger than the largest ID n8n can handle exactly`,
		);
		const fromExpression = await ctx.run(byIds('={{ [50001, 9007199254740993] }}'));
		expect(fromExpression.error?.message).toMatch(/larger than the largest ID/);
		expect(ctx.apiCalls()).toHaveLength(0);
	});

	it('parseIdList and Exclude IDs handle 50,000 IDs (linear): one item, 250 calls', async () => {
		// Not a timing assertion: 50,000 IDs all reach the simulator in order, the excluded ones not.
		const ids = Array.from({ length: 50000 }, (_, i) => 1_000_000 + i);
		const excluded = ids.filter((id) => id % 2 === 0);
		const { items, error } = await ctx.run(
			byIds(ids.join(','), { options: { excludeIds: excluded.join(',') } }),
		);
		expect(error).toBeUndefined();
		const sent = deleteCalls().flatMap(sentIdsOf);
		expect(sent).toEqual(ids.filter((id) => id % 2 === 1));
		expect((items[0].requestedIds as number[]).length).toBe(25000);
	});
});
