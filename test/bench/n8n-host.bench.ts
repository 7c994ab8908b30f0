/**
 * Benchmark in a real n8n (the host of USERLIKE_N8N_HOST_DIR: n8n-host/ by default, n8n-host-latest/
 * for the newest): the package installed from its `npm pack` tarball as n8n installs a community
 * package, every workflow called over HTTP on 127.0.0.1, each figure beside n8n's own peer in the
 * same run and n8n process.
 *
 *   - the chatbot round trip (webhook call → events in the HTTP response) through the Userlike Chatbot
 *     Trigger (header secret checked) and the Userlike Chatbot reply node, the sample bot of
 *     examples/name-and-email-bot.json, beside n8n's Webhook → Respond to Webhook without auth and
 *     with Header Auth: one call at a time and 10 chat sessions at once; median and p95; and, on
 *     n8n 2.35 and later, expression sandboxes (V8 isolates) per call, counted in n8n's debug log
 *     (each isolate logs "[IsolatedVmBridge] Disposed" when it is thrown away after use). Two more
 *     rows separate our share from n8n's: our trigger → our reply node with a fixed message (two
 *     nodes, as the peers; the trigger at version 2, and at version 1 as saved workflows may have it),
 *     and n8n's Webhook node version 1 with Header Auth, a start node for which
 *     n8n takes the webhook-phase sandbox that it skips for its Webhook 2.x (as for every trigger
 *     that is not its Webhook node);
 *   - Return All over 10,000 conversations: the Userlike node beside n8n's HTTP Request node with
 *     pagination (both behind a Webhook that answers when the last node finished) and a bare undici
 *     loop over the same URLs;
 *   - on n8n 2.35 and later, the same chatbot rows with n8n's expression-engine settings
 *     (N8N_EXPRESSION_ENGINE=legacy, N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE, _COMPILE_CACHE, _POOL_SIZE).
 *
 * One host per run (the host is chosen when scripts/lib/host.cjs loads):
 *   npm run build && npx jest -c jest.bench.config.js test/bench/n8n-host.bench.ts
 *   USERLIKE_N8N_HOST_DIR=n8n-host-latest npx jest -c jest.bench.config.js test/bench/n8n-host.bench.ts
 * USERLIKE_BENCH_TARBALL=<file.tgz> installs that tarball instead of packing this tree (e.g. a build of
 * an earlier commit), USERLIKE_BENCH_LABEL names it in the rows ("before"). Sections of other hosts and
 * labels already in bench/RESULTS.md are kept (results.ts).
 */
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Agent, request } from 'undici';

import { chatbotCall, postWebhook } from '../../e2e/harness';
import { chatbotLoad } from '../../e2e/chatbot-load';
import { addChatbotApi } from '../simulator/chatbot';
import { createUserlikeSimulator, ORG_TOKEN, type UserlikeSimulator } from '../simulator';
import { httpRequestReturnAllParameters } from './peers';
import { percentile, recordRow } from './results';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS helpers shared with the e2e suite
const { ensureHost, pinnedVersion } = require('../../scripts/lib/host.cjs');
const {
	N8nInstance,
	packPackage,
	installPackage,
	freePort,
	freshFolder,
	sleep,
} = require('../../scripts/lib/n8n.cjs'); // eslint-disable-line @typescript-eslint/no-require-imports
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { stopAll } = require('../../scripts/lib/processes.cjs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { exampleFiles, loadExample, WEBHOOK_HEADER_NAME } = require('../../scripts/lib/setup.cjs');

const VERSION: string = pinnedVersion();
const [MAJOR, MINOR] = VERSION.split('.').map(Number);
/** n8n 2.35 runs every expression in a V8 isolate by default (N8N_EXPRESSION_ENGINE=vm). */
const HAS_ISOLATES = MAJOR > 2 || (MAJOR === 2 && MINOR >= 35);
const LABEL = process.env.USERLIKE_BENCH_LABEL ?? 'after';
/** `USERLIKE_BENCH_ONLY=returnAll`: only the Return All rows (a quick re-measurement of them). */
const ONLY_RETURN_ALL = process.env.USERLIKE_BENCH_ONLY === 'returnAll';
const SECTION = ONLY_RETURN_ALL
	? `n8n ${VERSION} in a real process: Return All alone (${LABEL})`
	: `n8n ${VERSION} in a real process: chatbot round trip and Return All (${LABEL})`;

const ENGINE_SECTION = `n8n ${VERSION} expression-engine settings: chatbot round trip (${LABEL})`;

const SECRET = crypto.randomBytes(24).toString('base64url');
const SEQUENTIAL_CALLS = 20;
const LOAD_CALLS = 100;
const SESSIONS = 10;
const RETURN_ALL_RUNS = 9;
const CONVERSATIONS = 10_000;

const uuid = (n: number) => `b3a7c1d0-0000-4000-8000-${String(n).padStart(12, '0')}`;
const PEER_TEXT = 'peer';
const PEER_ANSWER = `[{"packet":{"event":"message","payload":{"body":"${PEER_TEXT}"}}}]`;

interface Setup {
	sim: UserlikeSimulator;
	n8n: any;
	bot: string;
	twoNodeBot: string;
	twoNodeBotV1: string;
	plain: string;
	headerAuth: string;
	headerAuthV1: string;
	userlikeAll: string;
	httpAll: string;
}

/** A start node and one node after it, the shape of every set-up here. */
function twoNodes(
	id: string,
	name: string,
	first: { name: string; [key: string]: unknown },
	second: { name: string; [key: string]: unknown },
	settings: Record<string, string> = { executionOrder: 'v1' },
): any {
	return {
		id,
		name,
		nodes: [
			{ position: [0, 0], ...first },
			{ position: [220, 0], ...second },
		],
		connections: { [first.name]: { main: [[{ node: second.name, type: 'main', index: 0 }]] } },
		settings,
		pinData: {},
		active: false,
	};
}

/**
 * Webhook (static parameters; version 2.1 unless given) → Respond to Webhook with a fixed JSON answer.
 * Version 1 is the peer that pays n8n's webhook-phase sandbox (n8n 2.35+ skips it only for its Webhook
 * node from version 2 on, with static parameters).
 */
function peerWorkflow(
	id: string,
	n: number,
	webhookPath: string,
	headerAuth: boolean,
	typeVersion = 2.1,
): any {
	return twoNodes(
		id,
		`bench: Webhook v${typeVersion}${headerAuth ? ' + Header Auth' : ''} → Respond to Webhook`,
		{
			id: uuid(n),
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion,
			webhookId: uuid(n + 100),
			parameters: {
				httpMethod: 'POST',
				path: webhookPath,
				responseMode: 'responseNode',
				...(headerAuth ? { authentication: 'headerAuth' } : {}),
				options: {},
			},
			...(headerAuth
				? { credentials: { httpHeaderAuth: { id: 'benchHeaderAuth1', name: 'Bench Header Auth' } } }
				: {}),
		},
		{
			id: uuid(n + 1),
			name: 'Respond to Webhook',
			type: 'n8n-nodes-base.respondToWebhook',
			typeVersion: 1.5,
			parameters: { respondWith: 'json', responseBody: PEER_ANSWER, options: {} },
		},
	);
}

/**
 * The smallest bot: Userlike Chatbot Trigger (header secret) → Userlike Chatbot reply with a fixed
 * message, answered in the webhook's HTTP response: two nodes, as the Webhook peers.
 */
function twoNodeBotWorkflow(id: string, n: number, triggerVersion: number): any {
	return twoNodes(
		id,
		`bench: Userlike Chatbot Trigger v${triggerVersion} → Userlike Chatbot reply (fixed message)`,
		{
			id: uuid(n),
			name: 'Userlike Chatbot Trigger',
			type: 'n8n-nodes-userlike.userlikeChatbotTrigger',
			typeVersion: triggerVersion,
			webhookId: uuid(n + 100),
			parameters: { events: ['start', 'message'], responseMode: 'responseNode' },
			credentials: {
				userlikeChatbotApi: { id: 'userlikeChatbot01', name: 'Userlike Sandbox Chatbot' },
			},
		},
		{
			id: uuid(n + 1),
			name: 'Userlike Chatbot',
			type: 'n8n-nodes-userlike.userlikeChatbot',
			typeVersion: 2,
			parameters: {
				operation: 'message',
				delivery: 'webhookResponse',
				cid: '={{ $json.cid }}',
				body: PEER_TEXT,
				options: {},
			},
		},
	);
}

/** Webhook (answers when the last node finished, no body) → one listing node. */
function returnAllWorkflow(
	id: string,
	n: number,
	webhookPath: string,
	node: { name: string; [key: string]: unknown },
): any {
	return twoNodes(
		id,
		`bench: Return All through ${node.name}`,
		{
			id: uuid(n),
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2.1,
			webhookId: uuid(n + 100),
			parameters: {
				httpMethod: 'POST',
				path: webhookPath,
				responseMode: 'lastNode',
				responseData: 'noData',
				options: {},
			},
		},
		{ id: uuid(n + 1), ...node },
		{ executionOrder: 'v1', saveDataSuccessExecution: 'none' },
	);
}

async function setUp(): Promise<Setup> {
	await ensureHost({ say: (m: string) => process.stderr.write(`${m}\n`) });
	const sim = await createUserlikeSimulator({
		seed: { conversations: CONVERSATIONS, messagesPerConversation: 1 },
	});
	const chatbot = addChatbotApi(sim);
	const userFolder = freshFolder(`bench-${VERSION}-${LABEL}`);
	const tarball =
		process.env.USERLIKE_BENCH_TARBALL ?? (await packPackage(path.join(userFolder, 'pack')));
	await installPackage(userFolder, tarball, path.join(userFolder, 'npm-install.log'));
	const n8n = new N8nInstance({
		userFolder,
		port: await freePort(),
		brokerPort: await freePort(),
		logFile: path.join(userFolder, 'n8n.log'),
	});
	await n8n.importCredentials([
		{
			id: 'userlikeChatbot01',
			name: 'Userlike Sandbox Chatbot',
			type: 'userlikeChatbotApi',
			data: {
				apiUrl: chatbot.apiUrl,
				securityToken: chatbot.securityToken,
				webhookHeaderName: WEBHOOK_HEADER_NAME,
				webhookHeaderSecret: SECRET,
			},
		},
		{
			id: 'benchHeaderAuth1',
			name: 'Bench Header Auth',
			type: 'httpHeaderAuth',
			data: { name: WEBHOOK_HEADER_NAME, value: SECRET },
		},
		{
			id: 'benchUserlike10k',
			name: 'Bench Userlike (10,000 conversations)',
			type: 'userlikeApi',
			data: {
				apiToken: ORG_TOKEN,
				organizationId: '',
				operatorId: '',
				apiVersion: 'v3',
				baseUrl: sim.url,
			},
		},
	]);
	const botFile = exampleFiles().find((f: string) => f.endsWith('name-and-email-bot.json'));
	const bot = loadExample(botFile, sim.url);
	const twoNodeBot = twoNodeBotWorkflow('benchTwoNodeBot', 41, 2);
	const twoNodeBotV1 = twoNodeBotWorkflow('benchTwoNodeBotV1', 61, 1);
	/** The production URL of a workflow's Userlike Chatbot Trigger. */
	const chatbotUrl = (workflow: any) => {
		const trigger = workflow.nodes.find((n: any) => n.type.endsWith('.userlikeChatbotTrigger'));
		return `${n8n.url}/webhook/${trigger.webhookId}/webhook`;
	};
	const workflows = [
		bot,
		twoNodeBot,
		twoNodeBotV1,
		peerWorkflow('benchPeerPlain', 1, 'bench-plain', false),
		peerWorkflow('benchPeerHeader', 11, 'bench-header-auth', true),
		peerWorkflow('benchPeerHeaderV1', 51, 'bench-header-auth-v1', true, 1),
		returnAllWorkflow('benchUserlikeAll', 21, 'bench-userlike-all', {
			name: 'Userlike',
			type: 'n8n-nodes-userlike.userlike',
			typeVersion: 1,
			parameters: {
				resource: 'conversation',
				operation: 'getAll',
				returnAll: true,
				simplify: false,
			},
			credentials: {
				userlikeApi: { id: 'benchUserlike10k', name: 'Bench Userlike (10,000 conversations)' },
			},
		}),
		returnAllWorkflow('benchHttpAll', 31, 'bench-http-all', {
			name: 'HTTP Request',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: httpRequestReturnAllParameters(sim.url),
		}),
	];
	await n8n.importWorkflows(workflows);
	for (const w of workflows) await n8n.publish(w.id);
	return {
		sim,
		n8n,
		bot: chatbotUrl(bot),
		twoNodeBot: chatbotUrl(twoNodeBot),
		twoNodeBotV1: chatbotUrl(twoNodeBotV1),
		plain: `${n8n.url}/webhook/bench-plain`,
		headerAuth: `${n8n.url}/webhook/bench-header-auth`,
		headerAuthV1: `${n8n.url}/webhook/bench-header-auth-v1`,
		userlikeAll: `${n8n.url}/webhook/bench-userlike-all`,
		httpAll: `${n8n.url}/webhook/bench-http-all`,
	};
}

/** Isolates thrown away since the start of n8n (debug log only). */
let isolates = 0;

async function startN8n(setup: Setup, env: Record<string, string>): Promise<void> {
	await setup.n8n.stop();
	setup.n8n.extraEnv = env;
	isolates = 0;
	await setup.n8n.start({
		timeoutMs: 240_000,
		onLine: (line: string) => {
			if (line.includes('[IsolatedVmBridge] Disposed')) isolates++;
		},
	});
	// n8n registers the production webhooks a moment after it is up: wait until each one answers.
	// (postWebhook retries a 404 for up to 30 s.)
	const secret = { [WEBHOOK_HEADER_NAME]: SECRET };
	const answers = [];
	for (const [url, headers] of [
		[setup.bot, secret],
		[setup.twoNodeBot, secret],
		[setup.twoNodeBotV1, secret],
		[setup.plain, {}],
		[setup.headerAuth, secret],
		[setup.headerAuthV1, secret],
	] as const) {
		answers.push(await postWebhook(url, chatbotCall('bench-warm-up', 'start', {}), headers));
	}
	for (const a of answers) if (a.status !== 200) throw new Error(`warm-up: ${a.status} ${a.text}`);
	await sleep(1000);
}

interface Timing {
	median: number;
	p95: number;
	perCall: number | undefined;
}

/** The Webhook peers answer with PEER_ANSWER, byte for byte. */
const peerAnswer = (text: string) => text === PEER_ANSWER;

/** The two-node bot answers with one message event, PEER_TEXT, for the session that called. */
function twoNodeBotAnswer(text: string, cid: string): boolean {
	try {
		const events = JSON.parse(text);
		return (
			Array.isArray(events) &&
			events.length === 1 &&
			events[0]?.packet?.event === 'message' &&
			events[0]?.packet?.payload?.body === PEER_TEXT &&
			events[0]?.info?.cid === cid
		);
	} catch {
		return false;
	}
}

/**
 * `calls` calls of a one-step set-up (a message in, a fixed answer out) from `sessions` sessions at
 * once; every answer must pass `right`.
 */
async function fixedAnswerLoad(
	url: string,
	headers: Record<string, string>,
	right: (text: string, cid: string) => boolean,
	calls: number,
	sessions: number,
): Promise<number[]> {
	const agent = new Agent({ connections: sessions, keepAliveTimeout: 10_000 });
	const latencies: number[] = [];
	let remaining = calls;
	const session = async (s: number) => {
		for (let round = 0; remaining > 0; round++) {
			remaining--;
			const cid = `peer-${s}-${round}`;
			const body = JSON.stringify(chatbotCall(cid, 'message', { body: 'hi' }));
			const t = performance.now();
			const response = await request(url, {
				method: 'POST',
				dispatcher: agent,
				headers: { 'content-type': 'application/json', ...headers },
				body,
				headersTimeout: 60_000,
				bodyTimeout: 60_000,
			});
			const text = await response.body.text();
			latencies.push(performance.now() - t);
			if (response.statusCode !== 200 || !right(text, cid))
				throw new Error(`${url}: ${response.statusCode} ${text.slice(0, 200)}`);
		}
	};
	await Promise.all(Array.from({ length: sessions }, (_, s) => session(s)));
	await agent.close();
	return latencies;
}

async function measure(
	run: (calls: number, sessions: number) => Promise<number[]>,
	calls: number,
	sessions: number,
): Promise<Timing> {
	const before = isolates;
	const latencies = await run(calls, sessions);
	expect(latencies).toHaveLength(calls);
	// the last isolates are thrown away just after the last answer
	await sleep(500);
	return {
		median: percentile(latencies, 50),
		p95: percentile(latencies, 95),
		perCall: (isolates - before) / calls,
	};
}

const ms = (v: number) => `${Math.round(v)} ms`;

type Runner = (calls: number, sessions: number) => Promise<number[]>;

/** The peer every chatbot row is compared with: n8n's own header check. */
const HEADER_AUTH_PEER = "n8n's Webhook with Header Auth → Respond to Webhook";

function runners(setup: Setup): Array<[string, Runner]> {
	const secret = { [WEBHOOK_HEADER_NAME]: SECRET };
	let round = 0;
	return [
		[
			'Userlike Chatbot Trigger (header secret) → Userlike Chatbot reply, the sample bot',
			async (calls, sessions) => {
				const result = await chatbotLoad(setup.bot, secret, {
					label: `bench-${VERSION}-${LABEL}-${round++}`,
					calls,
					sessions,
				});
				expect(result.wrong).toEqual([]);
				return result.latencies;
			},
		],
		[
			'Userlike Chatbot Trigger (header secret) → Userlike Chatbot reply, a fixed message (two nodes, as the peers)',
			(calls, sessions) =>
				fixedAnswerLoad(setup.twoNodeBot, secret, twoNodeBotAnswer, calls, sessions),
		],
		[
			"the same with the trigger at version 1 (n8n evaluates its Webhook 1's binaryData option for a version-1 start node on every call)",
			(calls, sessions) =>
				fixedAnswerLoad(setup.twoNodeBotV1, secret, twoNodeBotAnswer, calls, sessions),
		],
		[
			"n8n's Webhook → Respond to Webhook, no auth",
			(calls, sessions) => fixedAnswerLoad(setup.plain, {}, peerAnswer, calls, sessions),
		],
		[
			HEADER_AUTH_PEER,
			(calls, sessions) => fixedAnswerLoad(setup.headerAuth, secret, peerAnswer, calls, sessions),
		],
		[
			"n8n's Webhook version 1 with Header Auth → Respond to Webhook (a start node that gets n8n's webhook-phase sandbox, as every trigger but its Webhook 2.x)",
			(calls, sessions) => fixedAnswerLoad(setup.headerAuthV1, secret, peerAnswer, calls, sessions),
		],
	];
}

/** The chatbot rows of one configuration: each set-up one at a time, then 10 sessions at once. */
async function chatbotRows(
	setup: Setup,
	section: string,
	settings: string,
	countIsolates: boolean,
): Promise<void> {
	const results: Array<[string, Timing, Timing]> = [];
	for (const [name, run] of runners(setup)) {
		const one = await measure(run, SEQUENTIAL_CALLS, 1);
		const many = await measure(run, LOAD_CALLS, SESSIONS);
		results.push([name, one, many]);
	}
	const peer = results.find(([name]) => name === HEADER_AUTH_PEER)![2].median;
	for (const [name, one, many] of results) {
		const sandboxes =
			countIsolates && HAS_ISOLATES
				? `; sandboxes per call ${one.perCall!.toFixed(2)} (one at a time), ${many.perCall!.toFixed(2)} (10 at once)`
				: '';
		recordRow({
			section,
			case: `${settings}: ${name}`,
			value: `one at a time (${SEQUENTIAL_CALLS} calls): median ${ms(one.median)}, p95 ${ms(one.p95)}; ${SESSIONS} sessions at once (${LOAD_CALLS} calls): median ${ms(many.median)}, p95 ${ms(many.p95)}; 10-at-once median / Header Auth peer ${(many.median / peer).toFixed(2)}×${sandboxes}`,
			read: `request sent → answer read, on 127.0.0.1, same n8n process and load for every set-up; the ratio to n8n's Webhook + Header Auth (the honest peer of the header secret) is what counts. Machine load (1-min average) at the start: ${os.loadavg()[0].toFixed(1)}`,
		});
	}
}

async function timeWebhook(url: string): Promise<number> {
	const t = performance.now();
	const response = await request(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: '{}',
		headersTimeout: 300_000,
		bodyTimeout: 300_000,
	});
	await response.body.text();
	const elapsed = performance.now() - t;
	expect(response.statusCode).toBe(200);
	return elapsed;
}

async function bareLoop(urls: string[]): Promise<number> {
	const t = performance.now();
	let records = 0;
	for (const url of urls) {
		const response = await request(url, {
			headers: { Authorization: ORG_TOKEN, Accept: 'application/json' },
			reset: true,
		});
		records += ((await response.body.json()) as { results: unknown[] }).results.length;
	}
	expect(records).toBe(CONVERSATIONS);
	return performance.now() - t;
}

async function returnAllRows(setup: Setup, settings: string): Promise<void> {
	const { sim } = setup;
	const node: number[] = [];
	const http: number[] = [];
	const bare: number[] = [];
	let urls: string[] = [];
	// one warm-up of each, then interleaved runs so that the noise of a shared machine falls on all alike
	for (let i = 0; i <= RETURN_ALL_RUNS; i++) {
		sim.requests.length = 0;
		const a = await timeWebhook(setup.userlikeAll);
		urls = sim.requests.map((r) => {
			const url = new URL(r.path, sim.url);
			for (const [key, value] of Object.entries(r.query)) url.searchParams.set(key, value);
			return url.href;
		});
		expect(urls).toHaveLength(CONVERSATIONS / 100);
		sim.requests.length = 0;
		const b = await timeWebhook(setup.httpAll);
		expect(sim.requests.length).toBeGreaterThanOrEqual(CONVERSATIONS / 100);
		const c = await bareLoop(urls);
		if (i > 0) {
			node.push(a);
			http.push(b);
			bare.push(c);
		}
	}
	const m = (v: number[]) => percentile(v, 50);
	recordRow({
		section: SECTION,
		case: `${settings}: Return All over 10,000 conversations (100 pages), Userlike node vs n8n's HTTP Request node 4.2 with pagination vs a bare undici loop`,
		value: `Userlike node median ${ms(m(node))} (${node.map(ms).join(', ')}); HTTP Request median ${ms(m(http))} (${http.map(ms).join(', ')}); bare loop median ${ms(m(bare))}; node/HTTP Request ${(m(node) / m(http)).toFixed(2)}×, node/bare ${(m(node) / m(bare)).toFixed(2)}×`,
		read: `each behind a Webhook that answers when the last node finished (same for both nodes); the bare loop fetches the node's own 100 URLs with a new connection per request, as n8n does. Targets: node/HTTP Request ≤ 0.85×, node/bare ≤ 1.3×. Machine load (1-min average): ${os.loadavg()[0].toFixed(1)}`,
	});
}

const DEFAULTS: Record<string, string> = { N8N_LOG_LEVEL: 'info' };
const DEBUG: Record<string, string> = { N8N_LOG_LEVEL: 'debug' };

describe(`n8n ${VERSION} (${LABEL})`, () => {
	let setup: Setup | undefined;
	beforeAll(async () => {
		setup = await setUp();
	}, 20 * 60_000);
	afterAll(async () => {
		await setup?.n8n.stop();
		await setup?.sim.close();
		await stopAll(10_000);
	}, 60_000);

	test(
		'default settings: chatbot round trip beside the peers, and Return All',
		async () => {
			// Counting isolates needs n8n's debug log, which costs time: the timed rows run at info level.
			await startN8n(setup!, DEFAULTS);
			if (!ONLY_RETURN_ALL)
				await chatbotRows(setup!, SECTION, 'default settings (log level info)', false);
			await returnAllRows(setup!, 'default settings');
			if (HAS_ISOLATES && !ONLY_RETURN_ALL) {
				await startN8n(setup!, DEBUG);
				await chatbotRows(
					setup!,
					SECTION,
					'default settings, log level debug (sandboxes counted)',
					true,
				);
			}
		},
		40 * 60_000,
	);

	(HAS_ISOLATES && LABEL === 'after' && !ONLY_RETURN_ALL ? test : test.skip)(
		"n8n's expression-engine settings (each with the debug log, to count sandboxes)",
		async () => {
			const variants: Array<[string, Record<string, string>]> = [
				['N8N_EXPRESSION_ENGINE=legacy', { N8N_EXPRESSION_ENGINE: 'legacy' }],
				['N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true', { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' }],
				[
					'N8N_EXPRESSION_ENGINE_COMPILE_CACHE=true',
					{ N8N_EXPRESSION_ENGINE_COMPILE_CACHE: 'true' },
				],
				['N8N_EXPRESSION_ENGINE_POOL_SIZE=3', { N8N_EXPRESSION_ENGINE_POOL_SIZE: '3' }],
			];
			for (const [name, env] of variants) {
				await startN8n(setup!, { ...DEBUG, ...env });
				await chatbotRows(setup!, ENGINE_SECTION, `${name} (log level debug)`, true);
			}
		},
		60 * 60_000,
	);
});
