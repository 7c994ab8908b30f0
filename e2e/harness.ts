/**
 * The end-to-end harness: the packed package installed into a real n8n (the pinned host in n8n-host/,
 * embedded SQLite, a fresh user folder), credentials pointing at an in-process Userlike simulator, and
 * undici as the client that plays Userlike towards n8n's webhooks.
 *
 * The helpers in scripts/lib (shared with `npm start`) are CommonJS and loaded with require().
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { request } from 'undici';

import { addChatbotApi, type ChatbotApi } from '../test/simulator/chatbot';
import { addOpenAiApi, type OpenAiApi } from '../test/simulator/openai';
import {
	CUSTOMER_TOKEN,
	ORG2_TOKEN,
	ORG_TOKEN,
	SEEDED,
	createUserlikeSimulator,
	type MessageRecord,
	type RecordedRequest,
	type UserlikeSimulator,
} from '../test/simulator';

const { ensureHost, pinnedVersion, RUN_DIR, HOST_DIR } = require('../scripts/lib/host.cjs');
const {
	N8nInstance,
	packPackage,
	installPackage,
	freePort,
	freshFolder,
	sleep,
} = require('../scripts/lib/n8n.cjs');
const { stopAll } = require('../scripts/lib/processes.cjs');
const {
	sandboxCredentials,
	exampleFiles,
	loadExample,
	webhookTriggers,
	mcpServers,
	addTeamChat,
	WEBHOOK_HEADER_NAME,
} = require('../scripts/lib/setup.cjs');

export { SEEDED };

/** Conversation whose messages the suite lengthens to 6 + EXTRA_MESSAGES (two cursor pages). */
export const LONG_CONVERSATION_ID = SEEDED.firstConversationId;
export const EXTRA_MESSAGES = 150;
/** Navigation events of organization 1 in the suite's seed: three pages of 100. */
export const NAVIGATION_EVENTS = 250;

export interface E2eContext {
	sim: UserlikeSimulator;
	chatbot: ChatbotApi;
	/** the scripted OpenAI-compatible model of the AI support bot */
	model: OpenAiApi;
	teamChat: unknown[];
	n8n: any;
	webhookSecret: string;
	/** production webhook URL per workflow ID */
	webhooks: Record<string, string>;
	/** production URL of the MCP Server Trigger per workflow ID (served once the workflow is active) */
	mcp: Record<string, string>;
	/** the bearer token the MCP server example expects */
	mcpToken: string;
	/** when the seed's data ends (the suite's "now") */
	referenceTime: string;
	timings: Record<string, number>;
}

export interface Sandbox {
	sim: UserlikeSimulator;
	chatbot: ChatbotApi;
	model: OpenAiApi;
	teamChat: unknown[];
	referenceTime: string;
}

/**
 * The Userlike simulator with the suite's seed, the chatbot API URL, the OpenAI-compatible model and
 * the team-chat stand-in.
 */
export async function startSandbox(): Promise<Sandbox> {
	const referenceTime = new Date().toISOString();
	const sim = await createUserlikeSimulator({
		seed: { referenceTime, navigation: NAVIGATION_EVENTS },
	});
	lengthenConversation(sim, LONG_CONVERSATION_ID, EXTRA_MESSAGES);
	const chatbot = addChatbotApi(sim);
	const teamChat = addTeamChat(sim);
	const model = addOpenAiApi(sim);
	return { sim, chatbot, model, teamChat, referenceTime };
}

/**
 * What the suite imports into n8n: the sandbox credentials, the examples plus `extra` (built by the
 * suite), and the webhook triggers among them (their workflows are published).
 */
export function suiteImports(
	sandbox: Sandbox,
	extra: (ctx: { sandboxUrl: string }) => any[],
): {
	webhookSecret: string;
	mcpToken: string;
	credentials: any[];
	workflows: any[];
	triggers: any[];
	mcpServers: any[];
} {
	const { sim, chatbot, model } = sandbox;
	const webhookSecret = crypto.randomBytes(24).toString('base64url');
	const mcpToken = crypto.randomBytes(24).toString('base64url');
	const credentials = sandboxCredentials({
		sandboxUrl: sim.url,
		tokens: { ORG_TOKEN, ORG2_TOKEN, CUSTOMER_TOKEN },
		seeded: SEEDED,
		chatbot: { apiUrl: chatbot.apiUrl, securityToken: chatbot.securityToken },
		openAi: { baseUrl: model.baseUrl, apiKey: model.apiKey },
		webhookSecret,
		mcpToken,
	});
	const examples = exampleFiles().map((file: string) => loadExample(file, sim.url));
	const workflows = [...examples, ...extra({ sandboxUrl: sim.url })];
	const triggers = workflows.flatMap((w: any) => webhookTriggers(w));
	return {
		webhookSecret,
		mcpToken,
		credentials,
		workflows,
		triggers,
		mcpServers: workflows.flatMap((w: any) => mcpServers(w)),
	};
}

/** Imports credentials and workflows through `n8n`'s CLI and publishes the trigger workflows. */
export async function importInto(
	n8n: any,
	imports: { credentials: any[]; workflows: any[]; triggers: any[] },
	publish: string[] = [],
): Promise<void> {
	await n8n.importCredentials(imports.credentials);
	await n8n.importWorkflows(imports.workflows);
	const ids = new Set<string>([...imports.triggers.map((t: any) => t.workflowId), ...publish]);
	for (const id of ids) await n8n.publish(id);
}

/** Runs a suite's set-up; a failure names the n8n version and host folder it ran on. */
export async function namingHost<T>(start: () => Promise<T>): Promise<T> {
	try {
		return await start();
	} catch (error) {
		// The harness's own errors carry n8n's log tail when n8n does not come up.
		const host = hostInfo();
		throw new Error(`${(error as Error).message}\n(n8n ${host.version}, host ${host.hostDir})`);
	}
}

/**
 * Every workflow the suite imports: the examples plus `extra` (built by the suite). The ones with a
 * webhook trigger of this package are activated, and so are those named in `activate` (e.g. a
 * polling trigger's or an MCP Server Trigger's workflow); `credentials` are imported besides the
 * sandbox's.
 */
export async function startE2e(
	extra: (ctx: { sandboxUrl: string }) => any[],
	options: {
		activate?: string[];
		credentials?: (ctx: { sandboxUrl: string }) => any[];
	} = {},
): Promise<E2eContext> {
	const timings: Record<string, number> = {};
	const lap = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
		const t = Date.now();
		try {
			return await fn();
		} finally {
			timings[name] = Date.now() - t;
		}
	};

	await lap('n8n host', () => ensureHost({ say: (m: string) => process.stderr.write(`${m}\n`) }));

	const sandbox = await startSandbox();

	const userFolder = freshFolder('e2e');
	const version = await lap('pack and install', async () => {
		const tarball = await packPackage(path.join(userFolder, 'pack'));
		return await installPackage(userFolder, tarball, path.join(userFolder, 'npm-install.log'));
	});
	if (!version) throw new Error('the package did not install');

	const n8n = new N8nInstance({
		userFolder,
		port: await freePort(),
		brokerPort: await freePort(),
		logFile: path.join(userFolder, 'n8n.log'),
	});
	const imports = suiteImports(sandbox, extra);
	imports.credentials.push(...(options.credentials?.({ sandboxUrl: sandbox.sim.url }) ?? []));
	await lap('import', () => importInto(n8n, imports, options.activate ?? []));
	await lap('n8n start', () => n8n.start({ timeoutMs: 180_000 }));

	const webhooks: Record<string, string> = {};
	for (const t of imports.triggers) webhooks[t.workflowId] = `${n8n.url}/webhook/${t.path}`;
	const mcp: Record<string, string> = {};
	for (const s of imports.mcpServers) mcp[s.workflowId] = `${n8n.url}/${s.path}`;
	return {
		...sandbox,
		n8n,
		webhookSecret: imports.webhookSecret,
		webhooks,
		mcp,
		mcpToken: imports.mcpToken,
		timings,
	};
}

export async function stopE2e(ctx: E2eContext | undefined): Promise<void> {
	try {
		await ctx?.n8n.stop();
	} finally {
		await ctx?.sim.close();
		await stopAll(10_000);
	}
}

/** Adds `count` messages to a conversation (ids above every seeded message), so that it spans pages. */
function lengthenConversation(sim: UserlikeSimulator, conversationId: number, count: number): void {
	const own = sim.data.messages.filter((m) => m.conversation_id === conversationId);
	let nextId = Math.max(...sim.data.messages.map((m) => m.id)) + 1;
	const last = own[own.length - 1];
	for (let i = 0; i < count; i++) {
		const template: MessageRecord = own[i % own.length];
		sim.data.messages.push({
			...template,
			id: nextId++,
			body: `${template.body} (follow-up ${i + 1})`,
			created_at: new Date(Date.parse(last.created_at) + (i + 1) * 1000).toISOString(),
		});
	}
}

/** The items a node output in an `n8n execute` run (first run of the node, first output). */
export function nodeItems(run: any, nodeName: string): any[] {
	const runs = run?.data?.resultData?.runData?.[nodeName];
	if (!runs)
		throw new Error(
			`node "${nodeName}" did not run; ran: ${Object.keys(run?.data?.resultData?.runData ?? {}).join(', ')}`,
		);
	return (runs[0].data?.main?.[0] ?? []).map((item: any) => item.json);
}

export function nodeError(run: any, nodeName: string): any {
	return run?.data?.resultData?.runData?.[nodeName]?.[0]?.error;
}

/** Runs a workflow with `n8n execute`; returns the run and the sandbox requests it made. */
export async function execute(
	ctx: E2eContext,
	workflowId: string,
): Promise<{ run: any; requests: RecordedRequest[] }> {
	const before = ctx.sim.requests.length;
	const result = await ctx.n8n.execute(workflowId);
	if (!result.ok) {
		throw new Error(
			`n8n execute --id=${workflowId} failed (exit ${result.code}):\n${result.output.split('\n').slice(-60).join('\n')}`,
		);
	}
	return { run: result.run, requests: ctx.sim.requests.slice(before) };
}

export interface WebhookAnswer {
	status: number;
	text: string;
	json: any;
}

/**
 * POSTs JSON to an n8n webhook as Userlike would. Retries a 404 for up to 30 s: n8n registers the
 * production webhooks of active workflows a moment after the editor is up.
 */
export async function postWebhook(
	url: string,
	body: unknown,
	headers: Record<string, string> = {},
): Promise<WebhookAnswer> {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const response = await request(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body: JSON.stringify(body),
			headersTimeout: 60_000,
			bodyTimeout: 60_000,
		});
		const text = await response.body.text();
		if (response.statusCode === 404 && Date.now() < deadline) {
			await sleep(500);
			continue;
		}
		let json: any;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		return { status: response.statusCode, text, json };
	}
}

/** A chatbot webhook call as Userlike sends it (from the website widget of the seed). */
export function chatbotCall(
	cid: string,
	event: string,
	payload: unknown,
	context: Record<string, unknown> = {},
): any {
	return {
		info: {
			cid,
			context,
			approach_mode: 'normal',
			contact: { name: null },
			widget: { id: SEEDED.widgets.website },
		},
		packet: { event, payload },
	};
}

export function secretHeader(ctx: E2eContext, value = ctx.webhookSecret): Record<string, string> {
	return { [WEBHOOK_HEADER_NAME]: value };
}

/** Waits (bounded) until n8n has saved `count` executions of a workflow; returns them. */
export async function waitForExecutions(
	ctx: E2eContext,
	workflowId: string,
	count: number,
	timeoutMs = 20_000,
): Promise<any[]> {
	const deadline = Date.now() + timeoutMs;
	let rows: any[] = [];
	while (Date.now() < deadline) {
		rows = await ctx.n8n.executions(workflowId);
		if (
			rows.length >= count &&
			// 'new': queued (queue mode) and not picked up yet
			rows.slice(0, count).every((r) => r.finished || !['running', 'new'].includes(r.status))
		)
			return rows;
		await sleep(300);
	}
	return rows;
}

/** Asserts that no new execution appears within a short grace period. */
export async function executionsAfterGrace(
	ctx: E2eContext,
	workflowId: string,
	graceMs = 2000,
): Promise<any[]> {
	await sleep(graceMs);
	return await ctx.n8n.executions(workflowId);
}

export function hostInfo(): { version: string; hostDir: string; runDir: string } {
	return { version: pinnedVersion(), hostDir: HOST_DIR, runDir: RUN_DIR };
}

export function logTail(ctx: E2eContext | undefined, lines = 80): string {
	return ctx ? ctx.n8n.logTail(lines) : '(n8n did not start)';
}

export function readJson(file: string): any {
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}
