/**
 * Benchmark of the send core and the paginating transport. Rows go to
 * bench/RESULTS.md through results.ts:
 *   - wall time of Return All over 10,000 conversations through the node, against a bare undici loop
 *     over exactly the same URLs (keep-alive, and a new connection per request as n8n-core's helper
 *     does), and against n8n's own HTTP Request node with pagination (from n8n-host, when installed);
 *   - throttled Return All (hint-less burst 429s) against the floor the throttle allows;
 *   - Return All at 1k / 10k / 50k conversations: time and peak RSS of this process.
 * The simulator runs in the same process: its work is part of every row alike.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IDataObject, INodeType, IVersionedNodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { request } from 'undici';

import { loadPackage, runUserlike, runWorkflow } from '../harness/n8n';
import type { BurstSettings, UserlikeSimulator } from '../simulator';
import { createUserlikeSimulator, ORG_TOKEN } from '../simulator';
import { httpRequestReturnAllParameters } from './peers';
import { percentile, recordRow } from './results';

const SECTION = 'Transport: Return All wall time, throttling, memory';
const RUNS = 5;
const conversationsAll = {
	resource: 'conversation',
	operation: 'getAll',
	returnAll: true,
	simplify: false,
};

const credentials = (sim: UserlikeSimulator) => ({
	apiToken: ORG_TOKEN,
	baseUrl: sim.url,
	apiVersion: 'v3',
});

const ms = (value: number) => `${Math.round(value)} ms`;

async function nodeReturnAll(sim: UserlikeSimulator) {
	sim.requests.length = 0;
	const started = performance.now();
	const { items, error } = await runUserlike(conversationsAll, credentials(sim));
	const elapsed = performance.now() - started;
	expect(error).toBeUndefined();
	return { items, elapsed, urls: sim.requests.map((r) => requestUrl(sim, r)) };
}

function requestUrl(
	sim: UserlikeSimulator,
	recorded: UserlikeSimulator['requests'][number],
): string {
	const url = new URL(recorded.path, sim.url);
	for (const [key, value] of Object.entries(recorded.query)) url.searchParams.set(key, value);
	return url.href;
}

/** The same pages, fetched by a bare loop: what HTTP alone costs on this machine. */
async function bareLoop(
	urls: string[],
	keepAlive: boolean,
): Promise<{ elapsed: number; records: number }> {
	const started = performance.now();
	let records = 0;
	for (const url of urls) {
		const response = await request(url, {
			headers: { Authorization: ORG_TOKEN, Accept: 'application/json' },
			reset: !keepAlive,
		});
		const body = (await response.body.json()) as { results: unknown[] };
		records += body.results.length;
	}
	return { elapsed: performance.now() - started, records };
}

const median = (values: number[]) => percentile(values, 50);

describe('Return All over 10,000 conversations: node vs bare HTTP', () => {
	let sim: UserlikeSimulator;
	let urls: string[] = [];
	const nodeTimes: number[] = [];
	beforeAll(async () => {
		sim = await createUserlikeSimulator({
			seed: { conversations: 10000, messagesPerConversation: 1 },
		});
	});
	afterAll(async () => await sim.close());

	test('the node and bare undici loops over the same URLs, interleaved', async () => {
		// one warm-up of each, then RUNS rounds of node, keep-alive loop, new-connection loop, so that
		// the noise of a shared machine falls on all three alike
		urls = (await nodeReturnAll(sim)).urls;
		expect(urls).toHaveLength(100);
		await bareLoop(urls, true);
		await bareLoop(urls, false);
		const keepAlive: number[] = [];
		const fresh: number[] = [];
		for (let i = 0; i < RUNS; i++) {
			const run = await nodeReturnAll(sim);
			expect(run.items).toHaveLength(10000);
			nodeTimes.push(run.elapsed);
			const a = await bareLoop(urls, true);
			const b = await bareLoop(urls, false);
			expect(a.records + b.records).toBe(20000);
			keepAlive.push(a.elapsed);
			fresh.push(b.elapsed);
		}
		recordRow({
			section: SECTION,
			case: 'Userlike node, conversation getAll, Return All, 10,000 conversations (100 pages, keyset on id)',
			value: `median ${ms(median(nodeTimes))} (${RUNS} runs: ${nodeTimes.map(ms).join(', ')})`,
			read: "wall time through WorkflowExecute and n8n-core's httpRequestWithAuthentication (a new connection per request); compare with the bare rows: the difference is what the node and n8n add",
		});
		for (const [times, label] of [
			[keepAlive, 'keep-alive'],
			[fresh, 'a new connection per request, as n8n-core does'],
		] as const) {
			recordRow({
				section: SECTION,
				case: `bare undici loop over the same 100 URLs, ${label}`,
				value: `median ${ms(median(times))} (${RUNS} runs: ${times.map(ms).join(', ')}); node/bare ${(median(nodeTimes) / median(times)).toFixed(2)}×`,
				read: "HTTP and the simulator's work only (no n8n), run alternately with the node; node/bare is the factor the node costs over a bare client (about 1 means the node adds nothing measurable beside the simulator's own work)",
			});
		}
	});

	const HTTP_REQUEST_NODE = path.join(
		__dirname,
		'../../n8n-host/node_modules/n8n-nodes-base/dist/nodes/HttpRequest/HttpRequest.node.js',
	);
	(existsSync(HTTP_REQUEST_NODE) ? test : test.skip)(
		"n8n's HTTP Request node with pagination (next URL from the response)",
		async () => {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const { HttpRequest } = require(HTTP_REQUEST_NODE) as {
				HttpRequest: new () => IVersionedNodeType;
			};
			const httpRequest = new HttpRequest();
			const { nodeTypes } = await loadPackage();
			const original = nodeTypes.getByName.bind(nodeTypes);
			nodeTypes.getByName = (name: string) =>
				name === 'n8n-nodes-userlike.httpRequest' ? httpRequest : original(name);
			nodeTypes.getByNameAndVersion = (name: string, version?: number) =>
				NodeHelpers.getVersionedNodeType(nodeTypes.getByName(name), version) as INodeType;
			const times: number[] = [];
			let items = 0;
			try {
				for (let i = 0; i < RUNS + 1; i++) {
					const started = performance.now();
					const result = await runWorkflow({
						nodes: [
							{
								name: 'HTTP Request',
								type: 'httpRequest',
								typeVersion: 4.2,
								parameters: httpRequestReturnAllParameters(sim.url),
							},
						],
					});
					const elapsed = performance.now() - started;
					expect(result.error).toBeUndefined();
					const pages = result.output['HTTP Request'] ?? [];
					items = pages.reduce(
						(sum, page) => sum + ((page.json.results as IDataObject[]) ?? []).length,
						0,
					);
					if (i > 0) times.push(elapsed);
				}
			} finally {
				nodeTypes.getByName = original;
			}
			expect(items).toBe(10000);
			recordRow({
				section: SECTION,
				case: "n8n's HTTP Request node 4.2 (n8n-nodes-base of n8n 2.8.4), pagination by the response's next URL, same 10,000 conversations",
				value: `median ${ms(median(times))} (node/HTTP Request ${(median(nodeTimes) / median(times)).toFixed(2)}×)`,
				read: 'what a user gets without this package (100 page items, not split into records, offset links); node/HTTP Request below 1 means the Userlike node is faster',
			});
		},
	);
});

describe('throttled Return All (429 without Retry-After) against the floor the throttle allows', () => {
	test.each([
		[{ limit: 10, windowMs: 2000, retryAfter: null }, 10000],
		[{ limit: 25, windowMs: 5000, retryAfter: null }, 10000],
	] as Array<[BurstSettings, number]>)('burst %j over %i conversations', async (burst, count) => {
		const sim = await createUserlikeSimulator({
			seed: { conversations: count, messagesPerConversation: 1 },
		});
		try {
			sim.behaviour.burst = { ...burst };
			const ratios: string[] = [];
			let throttled = 0;
			let pages = 0;
			for (let i = 0; i < 3; i++) {
				// let the window empty between runs
				await new Promise((resolve) => setTimeout(resolve, burst.windowMs + 100));
				const started = Date.now();
				const run = await nodeReturnAll(sim);
				const ended = Date.now();
				expect(run.items).toHaveLength(count);
				const answered = sim.requests.filter((r) => r.status === 200);
				pages = answered.length;
				throttled = sim.requests.filter((r) => r.status === 429).length;
				// No schedule can send page k (0-based) before floor(k / limit) windows after the first page;
				// the last burst's own work (measured in this run, so the machine's load falls on both sides)
				// comes on top.
				const bursts = Math.ceil(pages / burst.limit);
				const lastBurstStart = answered[(bursts - 1) * burst.limit].at ?? started;
				const floor = (bursts - 1) * burst.windowMs + (ended - lastBurstStart);
				ratios.push(
					`${ms(ended - started)} / floor ${ms(floor)} = ${((ended - started) / floor).toFixed(2)}×`,
				);
			}
			recordRow({
				section: SECTION,
				case: `throttled Return All, ${count} conversations (${pages} pages), burst limit ${burst.limit} per ${burst.windowMs} ms, no Retry-After, no hint in the body`,
				value: `${ratios.join('; ')} (runs 1–3); ${throttled} 429s in run 3; load average ${os.loadavg()[0].toFixed(1)}`,
				read: 'floor = (pages / limit − 1) windows + the last burst as it ran; target ≤ 1.3×. Run 1 learns the sliding window (how many requests it lets through, how long it lasts), runs 2–3 start from it (the memory lives as long as the n8n process). Before the change: 2.0–2.2×',
			});
		} finally {
			await sim.close();
		}
	});
});

describe('Return All at 1k / 10k / 50k conversations: time and peak RSS', () => {
	test.each([1000, 10000, 50000])('%i conversations', async (count) => {
		const sim = await createUserlikeSimulator({
			seed: { conversations: count, messagesPerConversation: 1 },
		});
		try {
			global.gc?.();
			const baseline = process.memoryUsage().rss;
			let peak = baseline;
			const sampler = setInterval(() => {
				peak = Math.max(peak, process.memoryUsage().rss);
			}, 20);
			let run: Awaited<ReturnType<typeof nodeReturnAll>>;
			try {
				run = await nodeReturnAll(sim);
			} finally {
				clearInterval(sampler);
			}
			peak = Math.max(peak, process.memoryUsage().rss);
			expect(run.items).toHaveLength(count);
			const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
			recordRow({
				section: SECTION,
				case: `Return All, ${count} conversations (${run.urls.length} pages), simplify off`,
				value: `${ms(run.elapsed)}, ${(run.elapsed / run.urls.length).toFixed(1)} ms a page; peak RSS ${mb(peak)} (+${mb(peak - baseline)} over ${mb(baseline)} before the run)`,
				read: 'time should grow linearly with the pages; the RSS rise is the output items (kept in memory, as n8n keeps every item of a run) plus the simulator rendering pages in this process',
			});
		} finally {
			await sim.close();
		}
	});
});
