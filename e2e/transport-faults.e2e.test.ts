/**
 * The send core in a real n8n: the per-request deadline (which reaches n8n's
 * request through the execution's cancel signal), a redirect to another host, a page cut in half and
 * a looping next link, each run with `n8n execute` against the simulator's fault switches.
 */
import type { UserlikeSimulator } from '../test/simulator';
import { createUserlikeSimulator, ORG_TOKEN } from '../test/simulator';
import { execute, namingHost, nodeItems, startE2e, stopE2e, type E2eContext } from './harness';
import { actionWorkflow } from './workflows';

const byId = (value: number) => ({ __rl: true, mode: 'id', value: String(value) });

const TIMEOUT = 'ulE2eFaultTimeout';
const REDIRECT = 'ulE2eFaultRedirect';
const TRUNCATED = 'ulE2eFaultTruncated';
const LOOP = 'ulE2eFaultLoop';

const getOperator = {
	resource: 'operator',
	operation: 'get',
	operatorId: byId(101),
	simplify: false,
};
// 250 navigation events in the suite's seed: three pages of 100
const navigationAll = { resource: 'navigationEvent', operation: 'getAll', returnAll: true };

let ctx: E2eContext;
let other: UserlikeSimulator;

beforeAll(async () => {
	other = await createUserlikeSimulator();
	ctx = await namingHost(() =>
		startE2e(() => [
			actionWorkflow(TIMEOUT, 'e2e: a silent server is cut off', [
				{ name: 'Operator: Get', parameters: { ...getOperator, requestOptions: { timeout: 2 } } },
			]),
			actionWorkflow(REDIRECT, 'e2e: a redirect to another host', [
				{ name: 'Operator: Get', parameters: getOperator, expectError: true },
			]),
			actionWorkflow(TRUNCATED, 'e2e: a page cut in half', [
				{ name: 'Navigation: Get Many (All)', parameters: navigationAll, expectError: true },
			]),
			actionWorkflow(LOOP, 'e2e: a looping next link', [
				{ name: 'Navigation: Get Many (All)', parameters: navigationAll, expectError: true },
			]),
		]),
	);
}, 60 * 60_000);

afterAll(async () => {
	await stopE2e(ctx);
	await other?.close();
}, 60_000);

beforeEach(() => {
	ctx.sim.behaviour.failNext.length = 0;
	ctx.sim.behaviour.nextLinks = null;
});

const apiCalls = <T extends { path: string }>(requests: T[]): T[] =>
	requests.filter((r) => r.path.startsWith('/api/um/'));

it('a GET to a server that never answers is cut off at the Timeout and retried', async () => {
	ctx.sim.behaviour.failNext.push({ silent: true, match: { pathIncludes: 'operators/101/' } });
	const { run, requests } = await execute(ctx, TIMEOUT);
	expect(nodeItems(run, 'Operator: Get')[0]).toMatchObject({ id: 101 });
	expect(apiCalls(requests).map((r) => r.status)).toEqual([-1, 200]);
});

it('a redirect to another host is refused; that host receives nothing', async () => {
	other.reset();
	ctx.sim.behaviour.failNext.push({
		status: 307,
		redirect: `${other.url}/api/um/v3/operators/101/`,
		match: { pathIncludes: 'operators/101/' },
	});
	const { run } = await execute(ctx, REDIRECT);
	expect(nodeItems(run, 'Operator: Get')[0].error).toBe(
		`Userlike redirected the request to another host (${new URL(other.url).host}); it was not followed`,
	);
	expect(other.requests).toHaveLength(0);
	expect(JSON.stringify(run)).not.toContain(ORG_TOKEN);
});

it('a page cut in half fails Return All instead of ending it early', async () => {
	ctx.sim.behaviour.failNext.push({ truncate: true, match: { pathIncludes: 'offset=100' } });
	const { run } = await execute(ctx, TRUNCATED);
	const items = nodeItems(run, 'Navigation: Get Many (All)');
	expect(items).toHaveLength(1);
	expect(items[0].error).toMatch(/^Userlike answered 200 with JSON that breaks off/);
});

it('a next link looping back to the first page fails within pages + 1 calls', async () => {
	ctx.sim.behaviour.nextLinks = { kind: 'loop', page: 2, maxServed: 50 };
	const { run, requests } = await execute(ctx, LOOP);
	expect(nodeItems(run, 'Navigation: Get Many (All)')[0].error).toMatch(
		/again: every record on it was already read$/,
	);
	expect(apiCalls(requests)).toHaveLength(3);
});
