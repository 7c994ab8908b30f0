/**
 * Benchmark: API calls and wall time of the bulk paths, through WorkflowExecute against the simulator.
 * The call counts are the figures that matter (Userlike counts 5000 requests a day per resource), the
 * times are for this machine only. Rows go to bench/RESULTS.md (results.ts).
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { runUserlike } from '../harness/n8n';
import type { SimulatorBehaviour, UserlikeSimulator } from '../simulator';
import { createUserlikeSimulator, ORG_TOKEN, SEEDED } from '../simulator';
import { percentile, recordRow } from './results';

const SECTION = 'API calls (Userlike counts 5,000 requests a day per resource)';

async function measure(
	name: string,
	seed: Parameters<typeof createUserlikeSimulator>[0],
	parameters: IDataObject,
	input?: INodeExecutionData[],
	behaviour: Partial<SimulatorBehaviour> = {},
	read = 'API calls: the fewest the API allows is the target; the time is wall time on this machine',
	extra?: (sim: UserlikeSimulator) => string,
) {
	const sim = await createUserlikeSimulator(seed);
	Object.assign(sim.behaviour, behaviour);
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
		recordRow({
			section: SECTION,
			case: name,
			value: `${calls} calls, ${items.length} output items, ${ms} ms${extra ? `, ${extra(sim)}` : ''}`,
			read,
		});
		return { items, calls, sim };
	} finally {
		await sim.close();
	}
}

test('Return All over 10,000 conversations', async () => {
	const { items, calls } = await measure(
		'conversation getAll, Return All, 10,000 conversations (pages of limit=100)',
		{ seed: { conversations: 10000, messagesPerConversation: 1 } },
		{ resource: 'conversation', operation: 'getAll', returnAll: true, simplify: false },
		undefined,
		{},
		'100 calls (10,000 / 100 per page) is the floor; one more would mean an extra empty page',
	);
	expect(items).toHaveLength(10000);
	expect(calls).toBe(100);
});

const contactsLeft = (ids: number[]) => (sim: UserlikeSimulator) => {
	const left = new Set(sim.data.contacts.map((c) => c.id));
	return `${ids.filter((id) => left.has(id)).length} of the ${ids.length} contacts left`;
};

describe.each([
	['lifted', 'delete_ids deletes every named ID', 'limit lifted by delete_ids'],
	[
		'applies',
		"delete_ids capped by the list DELETE's limit, 10 when absent",
		'limit 10 by default applies',
	],
] as const)('Delete 1,000 contacts by ID, simulator reading %s', (reading, meaning, label) => {
	const ids = Array.from({ length: 1000 }, (_, i) => SEEDED.annaContactId + i);
	const read = `10 calls of 100 IDs, each with limit=100, and 0 contacts left is right under this reading (${meaning}); before the fix the "applies" reading left 900`;

	test('one item with 1,000 IDs', async () => {
		const { calls } = await measure(
			`contact deleteMany by IDs, 1,000 IDs in one item (simulator: ${label})`,
			{ seed: { contacts: 1500 } },
			{ resource: 'contact', operation: 'deleteMany', deleteBy: 'ids', ids: ids.join(',') },
			undefined,
			{ deleteIdsLimit: reading },
			read,
			contactsLeft(ids),
		);
		expect(calls).toBe(10);
	});

	test('1,000 items of one ID', async () => {
		const input = ids.map((id) => ({ json: { id } }));
		const { items, calls } = await measure(
			`contact deleteMany by IDs, 1,000 items of one ID (simulator: ${label})`,
			{ seed: { contacts: 1500 } },
			{ resource: 'contact', operation: 'deleteMany', deleteBy: 'ids', ids: '={{ $json.id }}' },
			input,
			{ deleteIdsLimit: reading },
			read,
			contactsLeft(ids),
		);
		expect(items).toHaveLength(1000);
		expect(calls).toBe(10);
	});
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

test('parseIdList: 50,000 IDs and 25,000 Exclude IDs', () => {
	// The helper n8n runs for Delete Many's IDs and every Exclude IDs field, loaded from dist/.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { parseIdList } = require('../../dist/nodes/shared/jsonApi/query.js') as {
		parseIdList: (this: unknown, value: unknown, itemIndex: number, field: string) => number[];
	};
	const ids = Array.from({ length: 50000 }, (_, i) => 1_000_000 + i);
	const text = ids.join(', ');
	const excludedText = ids.filter((id) => id % 2 === 0).join(',');
	const times: number[] = [];
	for (let run = 0; run < 5; run++) {
		const started = process.hrtime.bigint();
		const wanted = parseIdList.call({}, text, 0, 'IDs');
		const excluded = new Set(parseIdList.call({}, excludedText, 0, 'Exclude IDs'));
		const kept = wanted.filter((id) => !excluded.has(id));
		times.push(Number(process.hrtime.bigint() - started) / 1e6);
		expect(kept).toHaveLength(25000);
	}
	// The algorithm before the fix (Array.includes for dedupe and exclusion), run once for comparison.
	const quadratic = (input: string) => {
		const found: number[] = [];
		for (const part of input.split(/[\s,;]+/))
			if (!found.includes(Number(part))) found.push(Number(part));
		return found;
	};
	const started = process.hrtime.bigint();
	const excludedBefore = quadratic(excludedText);
	expect(quadratic(text).filter((id) => !excludedBefore.includes(id))).toHaveLength(25000);
	const before = Number(process.hrtime.bigint() - started) / 1e6;
	recordRow({
		section: SECTION,
		case: 'Delete Many planning: parseIdList of 50,000 IDs and 25,000 Exclude IDs, then the exclusion',
		value: `median ${percentile(times, 50).toFixed(1)} ms (5 runs); the pre-fix algorithm on the same input: ${before.toFixed(0)} ms (1 run)`,
		read: 'linear in the number of IDs (a Set); the pre-fix Array.includes grows with the square of the count',
	});
});
