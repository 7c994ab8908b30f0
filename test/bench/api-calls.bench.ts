/**
 * Benchmark: API calls and wall time of the bulk paths, through WorkflowExecute against the simulator.
 * `npm run bench` prints a table; the call counts are the figures that matter (Userlike counts 5000
 * requests a day per resource), the times are for this machine only.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { runUserlike } from '../harness/n8n';
import { createUserlikeSimulator, ORG_TOKEN, SEEDED } from '../simulator';

const rows: Array<{ case: string; items: number; calls: number; ms: number }> = [];

afterAll(() => {
	const lines = rows.map((r) => `| ${r.case} | ${r.items} | ${r.calls} | ${r.ms} |`);
	process.stdout.write(
		['', '| case | items | API calls | ms |', '| --- | --- | --- | --- |', ...lines, ''].join('\n'),
	);
});

async function measure(
	name: string,
	seed: Parameters<typeof createUserlikeSimulator>[0],
	parameters: IDataObject,
	input?: INodeExecutionData[],
) {
	const sim = await createUserlikeSimulator(seed);
	try {
		const started = Date.now();
		const { items, error } = await runUserlike(
			parameters,
			{ apiToken: ORG_TOKEN, baseUrl: sim.url, apiVersion: 'v3' },
			{ input },
		);
		const ms = Date.now() - started;
		expect(error).toBeUndefined();
		const calls = sim.requests.filter((r) => r.path.startsWith('/api/um/')).length;
		rows.push({ case: name, items: items.length, calls, ms });
		return { items, calls, sim };
	} finally {
		await sim.close();
	}
}

test('Return All over 10,000 conversations', async () => {
	const { items, calls } = await measure(
		'conversation getAll, Return All, 10,000 conversations',
		{ seed: { conversations: 10000, messagesPerConversation: 1 } },
		{ resource: 'conversation', operation: 'getAll', returnAll: true, simplify: false },
	);
	expect(items).toHaveLength(10000);
	expect(calls).toBe(100);
});

test('Delete 1,000 contacts by ID (one item with 1,000 IDs)', async () => {
	const ids = Array.from({ length: 1000 }, (_, i) => SEEDED.annaContactId + i);
	const { calls } = await measure(
		'contact deleteMany by IDs, 1,000 IDs in one item',
		{ seed: { contacts: 1500 } },
		{ resource: 'contact', operation: 'deleteMany', deleteBy: 'ids', ids: ids.join(',') },
	);
	expect(calls).toBe(10);
});

test('Delete 1,000 contacts by ID (1,000 items of one ID)', async () => {
	const input = Array.from({ length: 1000 }, (_, i) => ({
		json: { id: SEEDED.annaContactId + i },
	}));
	const { items, calls } = await measure(
		'contact deleteMany by IDs, 1,000 items',
		{ seed: { contacts: 1500 } },
		{ resource: 'contact', operation: 'deleteMany', deleteBy: 'ids', ids: '={{ $json.id }}' },
		input,
	);
	expect(items).toHaveLength(1000);
	expect(calls).toBe(10);
});

test('Return All over 1,000 messages of one conversation', async () => {
	const { items, calls } = await measure(
		'message getAll, Return All, 1,000 messages (cursor pages)',
		{ seed: { conversations: 5, messagesPerConversation: 1000 } },
		{
			resource: 'message',
			operation: 'getAll',
			conversationId: { __rl: true, mode: 'id', value: '50001' },
			returnAll: true,
		},
	);
	expect(items).toHaveLength(1000);
	expect(calls).toBe(10);
});
