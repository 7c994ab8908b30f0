/**
 * Chatbot round trips under load, for the single-process and the queue-mode suites: `sessions` chat
 * sessions at once, each running the sample bot's conversation (examples/name-and-email-bot.json:
 * start, name, a wrong email, the email) again and again until `calls` webhook calls are made in all.
 * Every answer is checked (status 200, the events this step of the bot produces, for this chat
 * session); the time from sending the webhook call to having read the response's events is recorded.
 *
 * The numbers are written to .n8n-run/chatbot-latency-<label>.json and printed; they are measurements
 * for the close notes, never asserted (timing assertions do not belong in tests).
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';

import {
	chatbotCall,
	postWebhook,
	secretHeader,
	waitForExecutions,
	type E2eContext,
} from './harness';

const { RUN_DIR } = require('../scripts/lib/host.cjs');

/** The sample bot's four steps: what Userlike sends, and the events the bot answers with. */
const STEPS: { event: string; payload: Record<string, unknown>; answer: string[] }[] = [
	{ event: 'start', payload: {}, answer: ['message'] },
	{ event: 'message', payload: { body: 'Anna Schmidt' }, answer: ['contact_update', 'message'] },
	{ event: 'message', payload: { body: 'anna at example' }, answer: ['message'] },
	{
		event: 'message',
		payload: { body: 'anna.schmidt@example.com' },
		answer: ['contact_update', 'message', 'forward_any'],
	},
];

export interface LoadResult {
	label: string;
	calls: number;
	sessions: number;
	/** calls whose answer was not what the bot says at that step */
	wrong: string[];
	/** milliseconds per call, in the order the calls ended */
	latencies: number[];
	medianMs: number;
	p95Ms: number;
	maxMs: number;
	wallMs: number;
}

function percentile(sorted: number[], p: number): number {
	if (!sorted.length) return NaN;
	const rank = Math.ceil((p / 100) * sorted.length) - 1;
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export async function chatbotLoad(
	url: string,
	headers: Record<string, string>,
	{ label, calls = 200, sessions = 10 }: { label: string; calls?: number; sessions?: number },
): Promise<LoadResult> {
	const agent = new Agent({ connections: sessions, keepAliveTimeout: 10_000 });
	const latencies: number[] = [];
	const wrong: string[] = [];
	let remaining = calls;
	const started = performance.now();
	const session = async (s: number) => {
		let round = 0;
		while (remaining > 0) {
			const cid = `load-${label}-${s}-${round++}`;
			let context: Record<string, unknown> = {};
			for (const step of STEPS) {
				if (remaining <= 0) return;
				remaining--;
				const body = JSON.stringify(chatbotCall(cid, step.event, step.payload, context));
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
				let events: any[] | undefined;
				try {
					events = JSON.parse(text);
				} catch {
					events = undefined;
				}
				const kinds = Array.isArray(events) ? events.map((e) => e?.packet?.event) : [];
				if (
					response.statusCode !== 200 ||
					JSON.stringify(kinds) !== JSON.stringify(step.answer) ||
					!events!.every((e) => e.info?.cid === cid)
				) {
					wrong.push(`${cid} ${step.event}: ${response.statusCode} ${text.slice(0, 200)}`);
					break;
				}
				for (const e of events!) {
					if (e.info.context && Object.keys(e.info.context).length) context = e.info.context;
				}
			}
		}
	};
	await Promise.all(Array.from({ length: sessions }, (_, s) => session(s)));
	const wallMs = performance.now() - started;
	await agent.close();
	const sorted = [...latencies].sort((a, b) => a - b);
	const result: LoadResult = {
		label,
		calls: latencies.length,
		sessions,
		wrong,
		latencies: latencies.map((l) => Math.round(l * 10) / 10),
		medianMs: Math.round(percentile(sorted, 50) * 10) / 10,
		p95Ms: Math.round(percentile(sorted, 95) * 10) / 10,
		maxMs: Math.round((sorted[sorted.length - 1] ?? NaN) * 10) / 10,
		wallMs: Math.round(wallMs),
	};
	fs.mkdirSync(RUN_DIR, { recursive: true });
	fs.writeFileSync(
		path.join(RUN_DIR, `chatbot-latency-${label}.json`),
		JSON.stringify(result, null, 2),
	);
	process.stderr.write(
		`chatbot round trip (${label}): ${result.calls} calls, ${sessions} sessions at once: median ${result.medianMs} ms, p95 ${result.p95Ms} ms, max ${result.maxMs} ms, ${result.wallMs} ms in all\n`,
	);
	return result;
}

/**
 * Waits (bounded) until n8n answers the production webhook of `workflowId` with the bot's first step:
 * n8n registers the webhooks of active workflows a moment after it is up (n8n 2.41 answers 404 until
 * then), and the timed part must not start before. postWebhook retries a 404 for up to 30 s; any other
 * answer than the bot's is an error. Returns once the warm-up call's execution is saved.
 */
export async function waitForChatbotWebhook(
	ctx: E2eContext,
	workflowId: string,
	label: string,
): Promise<void> {
	const url = ctx.webhooks[workflowId];
	const before = (await ctx.n8n.executions(workflowId)).length;
	const answer = await postWebhook(
		url,
		chatbotCall(`load-${label}-warm-up`, STEPS[0].event, STEPS[0].payload),
		secretHeader(ctx),
	);
	const kinds = Array.isArray(answer.json) ? answer.json.map((e: any) => e?.packet?.event) : [];
	if (answer.status !== 200 || JSON.stringify(kinds) !== JSON.stringify(STEPS[0].answer)) {
		throw new Error(
			`n8n does not answer the chatbot webhook ${url} as the bot would: ${answer.status} ${answer.text.slice(0, 200)}`,
		);
	}
	const rows = await waitForExecutions(ctx, workflowId, before + 1, 60_000);
	if (rows.length < before + 1) throw new Error(`the warm-up call of ${url} saved no execution`);
}

/**
 * The load test of both suites: once n8n answers the webhook (waitForChatbotWebhook), 200 round trips
 * from 10 sessions through `workflowId`'s production URL, every answer right, and 200 successful
 * executions saved.
 */
export async function chatbotLoadTest(
	ctx: E2eContext,
	workflowId: string,
	label: string,
): Promise<LoadResult> {
	await waitForChatbotWebhook(ctx, workflowId, label);
	const before = (await ctx.n8n.executions(workflowId)).length;
	const result = await chatbotLoad(ctx.webhooks[workflowId], secretHeader(ctx), {
		label,
		calls: 200,
		sessions: 10,
	});
	expect(result.wrong).toEqual([]);
	expect(result.calls).toBe(200);
	const rows = await waitForExecutions(ctx, workflowId, before + 200, 60_000);
	expect(rows.slice(before).filter((r) => r.status === 'success')).toHaveLength(200);
	return result;
}
