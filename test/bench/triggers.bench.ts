/**
 * Benchmark: the two triggers as n8n serves them (test/harness/webhook.ts: a real HTTP request, n8n's
 * body parsing, n8n-core's WebhookContext). Rows go to bench/RESULTS.md (results.ts).
 *   - add-on trigger: the cost of `webhook()` itself with a 5 KB callback (timed around the node's
 *     method), and the whole HTTP round trip;
 *   - chatbot trigger → reply node in the webhook response: the round trip Userlike waits for.
 */
import type { INodeType } from 'n8n-workflow';

import { loadPackage } from '../harness/n8n';
import { replyNode } from '../chatbot/helpers';
import {
	addonTrigger,
	chatbotCall,
	chatbotCredential,
	chatbotTrigger,
	headerCredential,
	SECRET_HEADER,
	SECRET_VALUE,
	useWebhookServer,
} from '../triggers/helpers';
import { percentile, recordRow } from './results';

const SECTION = 'Triggers (webhook calls through n8n-core, on 127.0.0.1)';
const WARM_UP = 50;
const CALLS = 500;

const ctx = useWebhookServer();

const ms = (ns: bigint) => Number(ns) / 1e6;
const fmt = (values: number[], p: number) => `p${p} ${percentile(values, p).toFixed(2)} ms`;
const summary = (values: number[], tail: number) =>
	`median ${percentile(values, 50).toFixed(2)} ms, ${fmt(values, tail)} (${values.length} calls)`;

/** A callback of about 5 KB: the documented top-level fields plus a custom data object. */
function callback5k(): Record<string, unknown> {
	const custom: Record<string, string> = {};
	for (let i = 0; Buffer.byteLength(JSON.stringify(custom)) < 4900; i++) {
		custom[`field${String(i).padStart(3, '0')}`] = `value ${i} `.padEnd(40, 'x');
	}
	return {
		_type: 'chat_meta',
		_event: 'chat_session_end',
		id: 71,
		created_at: '2025-06-01 11:26:24',
		custom,
	};
}

test('add-on trigger: webhook() with a 5 KB body', async () => {
	const { nodeTypes } = await loadPackage();
	const type = nodeTypes.getByNameAndVersion('n8n-nodes-userlike.userlikeTrigger', 1) as INodeType;
	const original = type.webhook!;
	const inside: number[] = [];
	type.webhook = async function (this: never) {
		const started = process.hrtime.bigint();
		try {
			return await original.call(this);
		} finally {
			inside.push(ms(process.hrtime.bigint() - started));
		}
	};
	const body = callback5k();
	const bytes = Buffer.byteLength(JSON.stringify(body));
	const roundTrips: number[] = [];
	try {
		for (let i = 0; i < WARM_UP + CALLS; i++) {
			const started = process.hrtime.bigint();
			const result = await ctx.server.call({
				trigger: addonTrigger({ events: ['*'] }, true),
				credentials: headerCredential(),
				request: { json: body, headers: { [SECRET_HEADER]: SECRET_VALUE } },
			});
			const elapsed = ms(process.hrtime.bigint() - started);
			expect(result.status).toBe(200);
			if (i >= WARM_UP) roundTrips.push(elapsed);
		}
	} finally {
		type.webhook = original;
	}
	const measured = inside.slice(WARM_UP);
	recordRow({
		section: SECTION,
		case: `Userlike Trigger webhook() alone, ${bytes} B callback, with the secret header check`,
		value: summary(measured, 99),
		read: "time inside the node's webhook() (secret check, zod parse, event filter, output item); what the node adds to each callback",
	});
	recordRow({
		section: SECTION,
		case: `Userlike Trigger, whole HTTP round trip, ${bytes} B callback`,
		value: summary(roundTrips, 99),
		read: "request sent → answer read by the caller, through express, n8n's body parser and WebhookContext; the harness builds a workflow per call, so this is an upper bound of n8n's own path",
	});
});

test('chatbot trigger → reply node → webhook response', async () => {
	const times: number[] = [];
	for (let i = 0; i < WARM_UP + CALLS / 2; i++) {
		const started = process.hrtime.bigint();
		const result = await ctx.server.call({
			trigger: chatbotTrigger({ events: ['message'], responseMode: 'responseNode' }, true),
			nodes: [
				replyNode('Reply', { event: 'message', body: '={{ "You said: " + $json.payload.body }}' }),
			],
			credentials: chatbotCredential(),
			request: {
				json: chatbotCall('message', { body: `Hello ${i}` }),
				headers: { [SECRET_HEADER]: SECRET_VALUE },
			},
		});
		const elapsed = ms(process.hrtime.bigint() - started);
		expect(result.status).toBe(200);
		expect(result.body[0].packet.payload.body).toBe(`You said: Hello ${i}`);
		if (i >= WARM_UP) times.push(elapsed);
	}
	recordRow({
		section: SECTION,
		case: 'Userlike Chatbot Trigger → Userlike Chatbot (webhook response), one message',
		value: summary(times, 95),
		read: 'webhook call → events in the HTTP response, i.e. what Userlike waits for; trigger and reply run through WorkflowExecute in this process (no queue mode)',
	});
});
