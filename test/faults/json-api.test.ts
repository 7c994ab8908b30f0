/**
 * The JSON API transport against a misbehaving Userlike: bodies that are not JSON,
 * faulty `next` links, silent and trickling servers, redirects, a list that changes during Return All,
 * errors that must tell the truth. Every case runs through n8n-core's WorkflowExecute against the
 * simulator's fault switches (test/simulator/types.ts: FailNextEntry, NextLinkFault, ChurnSettings).
 */
import type { IDataObject } from 'n8n-workflow';

import { credentialReads } from '../harness/n8n';
import type { UserlikeSimulator } from '../simulator';
import { createUserlikeSimulator, ORG_TOKEN, SEEDED } from '../simulator';
import { byId, useSimulator } from '../userlike/setup';
import { useFastRetries } from './policy';

const ctx = useSimulator({
	seed: { contacts: 450, conversations: 450, messagesPerConversation: 1 },
});
useFastRetries();

const orgContacts = () =>
	ctx.sim.data.contacts.filter((c) => c.organization_id === SEEDED.organizationId);
const orgConversations = () =>
	ctx.sim.data.conversations.filter((c) => c.organization_id === SEEDED.organizationId);

const contactsAll = { resource: 'contact', operation: 'getAll', returnAll: true, simplify: false };
const conversationsAll = {
	resource: 'conversation',
	operation: 'getAll',
	returnAll: true,
	simplify: false,
};
const getOperator = {
	resource: 'operator',
	operation: 'get',
	operatorId: byId(101),
	simplify: false,
};
const oneSecond = { requestOptions: { timeout: 1 } };

const HTML =
	'<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>';

function secretFree(error: unknown, secret: string): void {
	expect(JSON.stringify(error)).not.toContain(secret);
	expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(secret);
}

describe('a 2xx body that is not JSON is an error, never an item or an empty page', () => {
	it('a page cut in half ends Return All with an error naming the status and the first bytes', async () => {
		ctx.sim.behaviour.failNext.push({ truncate: true, match: { pathIncludes: 'offset=200' } });
		const { items, error } = await ctx.run(contactsAll);
		expect(items).toHaveLength(0);
		expect(error?.message).toMatch(
			/^Userlike answered 200 with JSON that breaks off \(an incomplete answer\) instead of JSON: \{"count":/,
		);
		expect(error?.httpCode).toBe('200');
		expect(ctx.apiCalls().map((c) => c.status)).toEqual([200, 200, 200]);
	});

	it.each([
		['operator get', getOperator, 'operators/101/'],
		[
			'contact update',
			{
				resource: 'contact',
				operation: 'update',
				contactId: byId(SEEDED.davidContactId),
				updateFields: { city: 'Bonn' },
			},
			'contact_identities/',
		],
		[
			'note create',
			{ resource: 'note', operation: 'create', conversationId: byId(50001), body: 'once' },
			'notes/',
		],
		[
			'conversation get',
			{ resource: 'conversation', operation: 'get', conversationId: byId(50001) },
			'conversations/50001/',
		],
	])(
		'a truncated answer to %s is an error, not {"data": "<half the JSON>"}',
		async (_name, parameters, path) => {
			ctx.sim.behaviour.failNext.push({ truncate: true, match: { pathIncludes: path } });
			const { items, error } = await ctx.run(parameters as IDataObject);
			expect(items).toHaveLength(0);
			expect(error?.message).toMatch(/^Userlike answered 20[01] with JSON that breaks off/);
			if ((parameters as IDataObject).operation !== 'get') {
				expect(error?.description).toMatch(
					/Userlike may have applied the (PATCH|POST) before the failure/,
				);
			}
		},
	);

	it.each([
		[
			'an HTML page',
			HTML,
			/^Userlike answered 200 with an HTML page instead of JSON: <!DOCTYPE html><html><head><title>502 Bad Gateway/,
		],
		['plain text', 'OK', /^Userlike answered 200 with text instead of JSON: OK$/],
	])('%s with 200 on a list page is an error', async (_name, rawBody, message) => {
		ctx.sim.behaviour.failNext.push({
			status: 200,
			rawBody,
			match: { pathIncludes: 'navigation' },
		});
		const { items, error } = await ctx.run({
			resource: 'navigationEvent',
			operation: 'getAll',
			returnAll: true,
		});
		expect(items).toHaveLength(0);
		expect(error?.message).toMatch(message);
	});

	it('an HTML 200 on a delete is an error too', async () => {
		ctx.sim.behaviour.failNext.push({ status: 200, rawBody: HTML, match: { method: 'DELETE' } });
		const { error } = await ctx.run({ resource: 'note', operation: 'delete', noteId: '1' });
		expect(error?.message).toMatch(/^Userlike answered 200 with an HTML page/);
	});
});

describe('a repeated or looping next link ends the run with an error', () => {
	it('a page whose next link points to itself (7 times) fails at the first repeat: no duplicates', async () => {
		ctx.sim.behaviour.nextLinks = { kind: 'repeat', page: 2, times: 7 };
		const { items, error } = await ctx.run(contactsAll);
		expect(items).toHaveLength(0);
		expect(error?.message).toMatch(
			/^Userlike sent a page link that was already followed \(page 2 of contact_identities\/\)/,
		);
		expect(ctx.apiCalls()).toHaveLength(2);
	});

	it('a page repeated under links that differ fails when a page brings only records already read', async () => {
		ctx.sim.behaviour.nextLinks = { kind: 'repeat', page: 2, times: 7, distinct: true };
		const { error } = await ctx.run(contactsAll);
		expect(error?.message).toBe(
			'Userlike returned page 3 of contact_identities/ again: every record on it was already read',
		);
		expect(ctx.apiCalls()).toHaveLength(3);
	});

	it('a next link looping back to the first page ends with an error within pages + 1 calls', async () => {
		ctx.sim.behaviour.nextLinks = { kind: 'loop', page: 3, maxServed: 60 };
		const { error } = await ctx.run(contactsAll);
		expect(error?.message).toMatch(/again: every record on it was already read$/);
		expect(ctx.apiCalls().length).toBeLessThanOrEqual(Math.ceil(orgContacts().length / 100) + 1);
		expect(ctx.apiCalls()).toHaveLength(4);
	});

	it('the cursor pages of messages are checked the same way', async () => {
		ctx.sim.behaviour.nextLinks = { kind: 'repeat', page: 1, times: 3 };
		ctx.sim.behaviour.failNext.length = 0;
		const { error } = await ctx.run({
			resource: 'message',
			operation: 'getAll',
			conversationId: byId(50001),
			returnAll: true,
		});
		expect(error?.message).toBe(
			'Userlike returned page 2 of conversations/50001/messages/ again: every record on it was already read',
		);
		expect(ctx.apiCalls()).toHaveLength(2);
	});
});

describe('every request is bounded by the Timeout option', () => {
	it('a GET to a server that never answers is cut off and retried within the attempt budget', async () => {
		ctx.sim.behaviour.failNext.push({ silent: true });
		const { items, error } = await ctx.run({ ...getOperator, ...oneSecond });
		expect(error).toBeUndefined();
		expect(items[0].id).toBe(101);
		expect(ctx.apiCalls().map((c) => c.status)).toEqual([-1, 200]);
	});

	it('a GET to a silent server is retried once, not four times, and the message says how long it waited in all', async () => {
		ctx.sim.behaviour.failNext.push(...Array.from({ length: 5 }, () => ({ silent: true })));
		const { error } = await ctx.run({ ...getOperator, ...oneSecond });
		// 2 attempts of the 1 s Timeout plus one back-off: "(2 attempts, 2.0 s in all)" or a bit more
		expect(error?.message).toMatch(
			/^Userlike did not answer within 1 s \(2 attempts, \d+(\.\d)? s in all\)$/,
		);
		const inAll = Number(/(\d+(?:\.\d)?) s in all/.exec(error?.message ?? '')?.[1]);
		expect(inAll).toBeGreaterThanOrEqual(2);
		expect(error?.description).toMatch(/\(2 attempts\); a request that timed out is retried once/);
		expect(ctx.apiCalls().map((c) => c.status)).toEqual([-1, -1]);
	});

	it('resets and 5xx keep their retries: 4 failures, then the answer (a timeout among them counts once)', async () => {
		ctx.sim.behaviour.failNext.push(
			{ reset: true },
			{ status: 503 },
			{ silent: true },
			{ reset: true },
		);
		const { items, error } = await ctx.run({ ...getOperator, ...oneSecond });
		expect(error).toBeUndefined();
		expect(items[0].id).toBe(101);
		expect(ctx.apiCalls().map((c) => c.status)).toEqual([0, 503, -1, 0, 200]);
	});

	it('a second timeout ends the retries even after resets', async () => {
		ctx.sim.behaviour.failNext.push({ silent: true }, { reset: true }, { silent: true });
		const { error } = await ctx.run({ ...getOperator, ...oneSecond });
		expect(error?.message).toMatch(/^Userlike did not answer within 1 s \(3 attempts, /);
		expect(ctx.apiCalls().map((c) => c.status)).toEqual([-1, 0, -1]);
	});

	it('a server trickling a byte at a time is cut off at the deadline, counted from the start', async () => {
		// about 700 bytes at 15 ms a byte: 10 s to deliver, the deadline is 1 s
		ctx.sim.behaviour.failNext.push({ trickleMs: 15 });
		const { items, error } = await ctx.run({ ...getOperator, ...oneSecond });
		expect(error).toBeUndefined();
		expect(items[0].id).toBe(101);
		expect(ctx.apiCalls()).toHaveLength(2);
	});

	it('a POST that times out is not repeated and says it may have been applied', async () => {
		ctx.sim.behaviour.failNext.push({ silent: true });
		const { error } = await ctx.run({
			resource: 'note',
			operation: 'create',
			conversationId: byId(50001),
			body: 'once',
			...oneSecond,
		});
		expect(ctx.apiCalls()).toHaveLength(1);
		expect(error?.message).toBe('Userlike did not answer within 1 s');
		expect(error?.description).toMatch(
			/Userlike may have applied the POST before the failure, so it was not repeated: check in Userlike/,
		);
	});
});

describe('a URL too long for servers is refused before sending, naming the field and the way out', () => {
	// As common front servers do (nginx: a request line must fit one 8k buffer), the simulator closes the
	// connection on a request line over 8 KB.
	beforeEach(() => {
		ctx.sim.behaviour.requestLineLimit = 8192;
	});
	const ids = (count: number) => Array.from({ length: count }, (_, i) => 50001 + i).join(', ');

	it('5,000 Exclude IDs: a NodeOperationError with the field and how to exclude them locally; nothing sent', async () => {
		const { error } = await ctx.run({
			...conversationsAll,
			options: { excludeIds: ids(5000) },
		});
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(
			/^Exclude IDs is too long to send: the request URL would be [\d,]+ bytes, over the 8,000 that servers accept$/,
		);
		expect(error?.description).toMatch(/Nothing was sent/);
		expect(error?.description).toMatch(/drop those IDs after this node/);
		expect(error?.description).toMatch(/With Return All on, the result is the same/);
		expect(error?.description).toMatch(/With a Limit/);
		expect(ctx.apiCalls()).toHaveLength(0);
	});

	it('a 20 KB Search Query: refused naming Search Query; nothing sent', async () => {
		const { error } = await ctx.run({
			resource: 'contact',
			operation: 'getAll',
			returnAll: false,
			limit: 10,
			filters: { search_query: 'berlin '.repeat(3000) },
		});
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(/^Search Query is too long to send: /);
		expect(error?.description).toMatch(/shorten Search Query/);
		expect(ctx.apiCalls()).toHaveLength(0);
	});

	it('Delete Many with too many Exclude IDs says how to split the work instead', async () => {
		const { error } = await ctx.run({
			resource: 'conversation',
			operation: 'deleteMany',
			deleteBy: 'filters',
			filters: { status: 'ended' },
			options: { excludeIds: ids(5000) },
		});
		expect(error?.message).toMatch(/^Exclude IDs is too long to send: /);
		expect(error?.description).toMatch(/delete the rest by their IDs/);
		expect(ctx.sim.requests.filter((r) => r.method === 'DELETE')).toHaveLength(0);
	});

	it('900 Exclude IDs fit: sent, answered, and left out', async () => {
		const { items, error } = await ctx.run({
			...conversationsAll,
			options: { excludeIds: ids(900) },
		});
		expect(error).toBeUndefined();
		expect(ctx.apiCalls().every((c) => c.status === 200)).toBe(true);
		expect(items.some((item) => Number(item.id) <= 50900)).toBe(false);
		expect(items.length).toBe(orgConversations().filter((c) => c.id > 50900).length);
	});
});

describe('the API token never follows a redirect to another origin', () => {
	let other: UserlikeSimulator;
	beforeAll(async () => {
		other = await createUserlikeSimulator();
	});
	afterAll(async () => await other.close());
	beforeEach(() => other.reset());

	it.each([302, 307])(
		'a %i to another host is refused and the other host receives nothing',
		async (status) => {
			ctx.sim.behaviour.failNext.push({
				status,
				redirect: `${other.url}/api/um/v3/operators/101/`,
			});
			const { error } = await ctx.run(getOperator);
			expect(error?.message).toBe(
				`Userlike redirected the request to another host (${new URL(other.url).host}); it was not followed`,
			);
			expect(other.requests).toHaveLength(0);
			secretFree(error, ORG_TOKEN);
		},
	);

	it('a redirect on the same origin is followed, with the token', async () => {
		ctx.sim.behaviour.failNext.push({ status: 301, redirect: '/api/um/v3/operators/101/?moved=1' });
		const { items, error } = await ctx.run(getOperator);
		expect(error).toBeUndefined();
		expect(items[0].id).toBe(101);
		expect(ctx.apiCalls().map((c) => c.status)).toEqual([301, 200]);
		expect(ctx.apiCalls()[1].headers.authorization).toBe(ORG_TOKEN);
	});

	it('a 302 after a POST is not turned into a GET', async () => {
		ctx.sim.behaviour.failNext.push({ status: 302, redirect: '/api/um/v3/notes/1/' });
		const { error } = await ctx.run({
			resource: 'note',
			operation: 'create',
			conversationId: byId(50001),
			body: 'x',
		});
		expect(error?.message).toBe('Userlike redirected the POST (302); it was not followed');
		expect(ctx.apiCalls()).toHaveLength(1);
	});
});

describe('the list changing during Return All', () => {
	function existedThroughout(before: number[]): number[] {
		const after = new Set(orgConversations().map((c) => c.id));
		return before.filter((id) => after.has(id));
	}

	it('conversations are read by keyset on id: nothing repeated, nothing that existed throughout skipped', async () => {
		const before = orgConversations().map((c) => c.id);
		ctx.sim.behaviour.churn = { insert: 37, remove: 37 };
		const { items, error } = await ctx.run(conversationsAll);
		expect(error).toBeUndefined();
		const ids = items.map((c) => Number(c.id));
		expect(new Set(ids).size).toBe(ids.length);
		const read = new Set(ids);
		expect(existedThroughout(before).filter((id) => !read.has(id))).toEqual([]);
		// newest first, as without keyset
		expect([...ids].sort((a, b) => b - a)).toEqual(ids);
		expect(ctx.apiCalls()[1].query).toMatchObject({ ordering: '-id', limit: '100' });
		expect(ctx.apiCalls()[1].query.id__lt).toBe(String(ids[99]));
	});

	it('an own ordering by id ascending reads by id__gt', async () => {
		const { items } = await ctx.run({ ...conversationsAll, options: { ordering: 'id' } });
		const ids = items.map((c) => Number(c.id));
		expect([...ids].sort((a, b) => a - b)).toEqual(ids);
		expect(ids).toHaveLength(orgConversations().length);
		expect(ctx.apiCalls()[1].query.id__gt).toBe(String(ids[99]));
	});

	it('a list read by offset keeps each record once when the list moves under it', async () => {
		ctx.sim.behaviour.churn = { insert: 37, remove: 0 };
		const { items, error } = await ctx.run({ ...conversationsAll, options: { list: 'all' } });
		expect(error).toBeUndefined();
		const ids = items.map((c) => c.id);
		expect(new Set(ids).size).toBe(ids.length);
	});
});

describe('errors that tell the truth', () => {
	it('a POST answered 502 says it may have been applied, not "try again later"', async () => {
		ctx.sim.behaviour.failNext.push({ status: 502, rawBody: HTML });
		const { error } = await ctx.run({
			resource: 'note',
			operation: 'create',
			conversationId: byId(50001),
			body: 'x',
		});
		expect(ctx.apiCalls()).toHaveLength(1);
		expect(error?.message).toBe('Userlike answered 502: 502 Bad Gateway');
		expect(error?.description).toMatch(/^Userlike may have applied the POST before the failure/);
		expect(error?.description).not.toMatch(/Try again later/);
	});

	it('10,000 levels of JSON in Additional Body Fields are refused with the field name', async () => {
		const deep = '{"a":'.repeat(10000) + '1' + '}'.repeat(10000);
		const { error } = await ctx.run({
			resource: 'note',
			operation: 'create',
			conversationId: byId(50001),
			body: 'x',
			options: { additionalBody: deep },
		});
		expect(error?.message).toBe('Additional Body Fields is nested more than 64 levels deep');
		expect(ctx.apiCalls()).toHaveLength(0);
	});

	it('a token echoed by the server is redacted from the message and the description', async () => {
		ctx.sim.behaviour.failNext.push({ status: 400, echoHeader: 'authorization' });
		const { error } = await ctx.run(getOperator);
		expect(error?.message).toBe(
			'Userlike rejected the request: Invalid request for credential "[redacted]" (authorization: [redacted])',
		);
		secretFree(error, ORG_TOKEN);
	});
});

describe('performance: the credential is read once per list', () => {
	it('Return All over 5 pages decrypts the credential once', async () => {
		const before = credentialReads.userlikeApi ?? 0;
		const { items } = await ctx.run(contactsAll);
		expect(items).toHaveLength(orgContacts().length);
		expect(ctx.apiCalls().length).toBeGreaterThan(3);
		expect((credentialReads.userlikeApi ?? 0) - before).toBe(1);
	});
});
