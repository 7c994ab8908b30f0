import { CUSTOMER_TOKEN, ORG_TOKEN, SEEDED } from '../simulator';
import { byId, useSimulator } from './setup';

const ctx = useSimulator();

const getOperator = {
	resource: 'operator',
	operation: 'get',
	operatorId: byId(101),
	simplify: false,
};

describe('authentication and context headers', () => {
	it('a customer token acts for another organization through Userlike-Organization-Id', async () => {
		const { items } = await ctx.run(
			{ resource: 'contact', operation: 'getAll', returnAll: true },
			{
				credentials: ctx.credentials({
					apiToken: CUSTOMER_TOKEN,
					organizationId: String(SEEDED.organization2Id),
				}),
			},
		);
		const [call] = ctx.apiCalls();
		expect(call.headers.authorization).toBe(CUSTOMER_TOKEN);
		expect(call.headers['userlike-organization-id']).toBe(String(SEEDED.organization2Id));
		expect(items.map((c) => c.id).sort()).toEqual([...SEEDED.org2ContactIds].sort());
	});

	it("sends Userlike-Operator-Id, and the operator's rights apply", async () => {
		const { error } = await ctx.run(
			{ resource: 'contact', operation: 'delete', contactId: byId(SEEDED.davidContactId) },
			{ credentials: ctx.credentials({ operatorId: String(SEEDED.readOnlyOperatorId) }) },
		);
		expect(ctx.apiCalls()[0].headers['userlike-operator-id']).toBe(
			String(SEEDED.readOnlyOperatorId),
		);
		expect(error?.message).toBe(
			'Userlike refused the request (403 Forbidden): You do not have permission to perform this action.',
		);
		expect(ctx.sim.data.contacts.some((c) => c.id === SEEDED.davidContactId)).toBe(true);
	});

	it('a wrong token gives a 401 that says what to fix and never shows the token', async () => {
		const secret = 'wrong-token-0123456789abcdef';
		const { error } = await ctx.run(getOperator, {
			credentials: ctx.credentials({ apiToken: secret }),
		});
		expect(error?.message).toBe('Userlike did not accept the API token (401 Unauthorized)');
		expect(error?.description).toMatch(/Copy it again from the Userlike Dashboard/);
		expect(JSON.stringify(error)).not.toContain(secret);
		expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(secret);
	});
});

describe('API version', () => {
	it('v2 in the credential sends every request to /api/um/v2/', async () => {
		const { items } = await ctx.run(
			{ resource: 'contact', operation: 'getAll', returnAll: false, limit: 2 },
			{ credentials: ctx.credentials({ apiVersion: 'v2', baseUrl: `${ctx.sim.url}/` }) },
		);
		expect(items).toHaveLength(2);
		expect(ctx.apiCalls().map((c) => c.path)).toEqual(['/api/um/v2/contact_identities/']);
	});
});

describe('rate limits and retries', () => {
	it('retries a burst 429 after Retry-After and then succeeds', async () => {
		ctx.sim.behaviour.failNext.push({ status: 429, headers: { 'retry-after': '1' } });
		const started = Date.now();
		const { items, error } = await ctx.run(getOperator);
		expect(error).toBeUndefined();
		expect(items[0].id).toBe(101);
		expect(ctx.apiCalls().map((c) => c.status)).toEqual([429, 200]);
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
	});

	it('backs off by itself when Userlike sends no Retry-After (burst throttling)', async () => {
		ctx.sim.behaviour.burst = { limit: 1, windowMs: 400, retryAfter: null };
		const { items, error } = await ctx.run(
			{ resource: 'operator', operation: 'get', operatorId: '={{ $json.id }}' },
			{ input: [{ json: { id: 101 } }, { json: { id: 102 } }] },
		);
		expect(error).toBeUndefined();
		expect(items.map((o) => o.id)).toEqual([101, 102]);
		const statuses = ctx.apiCalls().map((c) => c.status);
		expect(statuses[0]).toBe(200);
		expect(statuses).toContain(429);
		expect(statuses[statuses.length - 1]).toBe(200);
		expect(ctx.apiCalls()[1].headers['retry-after']).toBeUndefined();
	});

	it('does not sleep through the daily quota: one call, and the error says so', async () => {
		ctx.sim.setUsedToday(SEEDED.organizationId, 'operators', 5000);
		const { error } = await ctx.run(getOperator);
		expect(ctx.apiCalls()).toHaveLength(1);
		expect(error?.httpCode).toBe('429');
		expect(error?.message).toMatch(/^Userlike's daily quota for this resource is used up/);
		expect(error?.description).toMatch(/5000 requests a day per resource/);
	});

	it('retries a GET on 503 and on a dropped connection', async () => {
		ctx.sim.behaviour.failNext.push({ status: 503 }, { reset: true });
		const { items, error } = await ctx.run(getOperator);
		expect(error).toBeUndefined();
		expect(items[0].id).toBe(101);
		expect(ctx.apiCalls().map((c) => c.status)).toEqual([503, 0, 200]);
	});

	it('never repeats a PATCH that may have reached Userlike', async () => {
		ctx.sim.behaviour.failNext.push({ status: 502 });
		const { error } = await ctx.run({
			resource: 'contact',
			operation: 'update',
			contactId: byId(SEEDED.davidContactId),
			updateFields: { city: 'Bonn' },
		});
		expect(ctx.apiCalls()).toHaveLength(1);
		expect(error?.message).toBe('Userlike answered 502: Simulated failure.');
	});

	it('never repeats a POST whose connection dropped, and says to check before re-running', async () => {
		ctx.sim.behaviour.failNext.push({ reset: true });
		const { error } = await ctx.run({
			resource: 'note',
			operation: 'create',
			conversationId: byId(50001),
			body: 'once',
		});
		expect(ctx.apiCalls()).toHaveLength(1);
		expect(error?.message).toMatch(/^Could not reach Userlike at 127\.0\.0\.1:\d+$/);
		expect(error?.description).toMatch(
			/^The connection failed \(network error ECONNRESET\) during a POST\. Userlike may have applied the POST before the failure, so it was not repeated: check in Userlike before running the node again/,
		);
	});

	it('a burst 429 on a PATCH is retried (Userlike did not apply it)', async () => {
		ctx.sim.behaviour.failNext.push({ status: 429, headers: { 'retry-after': '0' } });
		const { items } = await ctx.run({
			resource: 'contact',
			operation: 'update',
			contactId: byId(SEEDED.davidContactId),
			updateFields: { city: 'Bonn' },
		});
		expect(ctx.apiCalls().map((c) => c.status)).toEqual([429, 200]);
		expect(items[0].city).toBe('Bonn');
	});
});

describe('pagination safety', () => {
	it('never sends the token to a next link on another host', async () => {
		ctx.sim.route('GET', /^\/api\/um\/v3\/navigation\/$/, () => ({
			status: 200,
			body: { count: 2, next: 'http://127.0.0.2:9/steal', previous: null, results: [{ id: 1 }] },
		}));
		const { error } = await ctx.run({
			resource: 'navigationEvent',
			operation: 'getAll',
			returnAll: true,
		});
		expect(error?.message).toBe('Userlike returned a page link on another host (127.0.0.2:9)');
		expect(ctx.apiCalls()).toHaveLength(1);
		expect(ctx.apiCalls()[0].headers.authorization).toBe(ORG_TOKEN);
	});
});
