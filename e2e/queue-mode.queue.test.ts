/**
 * The package in n8n queue mode (npm run test:e2e:queue): Redis, PostgreSQL, one main process, one
 * worker (`n8n worker`) and one webhook processor (`n8n webhook`), each with the packed package
 * installed the way n8n installs community packages. Production webhook calls go to the webhook
 * processor; the main process is told to leave them alone (N8N_DISABLE_PRODUCTION_MAIN_PROCESS), and
 * every execution must be run by the worker. See e2e/queue-harness.ts and scripts/lib/queue.cjs.
 */
import { chatbotLoadTest } from './chatbot-load';
import {
	chatbotCall,
	hostInfo,
	namingHost,
	postWebhook,
	secretHeader,
	SEEDED,
	waitForExecutions,
} from './harness';
import {
	logsDir,
	processLog,
	processesThatRan,
	startQueueE2e,
	stopQueueE2e,
	type QueueContext,
} from './queue-harness';
import { addMessage } from '../test/simulator/changes';
import { IDS, apiUrlBotWorkflow, sheetSyncShortestPoll } from './workflows';

const { CREDENTIAL_IDS, addSheet } = require('../scripts/lib/setup.cjs');
const { sleep } = require('../scripts/lib/n8n.cjs');

const EXAMPLE = { bot: 'ulExampleNameEmailBot', alert: 'ulExampleAddonAlert' };
const ACTION = { id: 'e2eQueueAction', path: 'e2e-queue-contact' };

/** n8n's Webhook node, then the Userlike node (Contact: Get); the webhook answers with its output. */
function actionOnWebhookWorkflow(): any {
	return {
		id: ACTION.id,
		name: 'e2e queue: a Userlike action behind a webhook',
		nodes: [
			{
				id: 'e2e0q000-0000-4000-8000-000000000001',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: 'e2e0q000-0000-4000-8000-00000000aaaa',
				parameters: {
					httpMethod: 'POST',
					path: ACTION.path,
					responseMode: 'lastNode',
					options: {},
				},
			},
			{
				id: 'e2e0q000-0000-4000-8000-000000000002',
				name: 'Contact: Get',
				type: 'n8n-nodes-userlike.userlike',
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					resource: 'contact',
					operation: 'get',
					contactId: { __rl: true, mode: 'id', value: '={{ $json.body.contactId }}' },
					simplify: false,
				},
				credentials: { userlikeApi: { id: CREDENTIAL_IDS.org1, name: 'sandbox' } },
			},
		],
		connections: { Webhook: { main: [[{ node: 'Contact: Get', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

const POLLING = { id: 'e2eQueuePolling', conversation: 50002 };

const PACED = { id: 'e2eQueuePaced', webhookId: 'e2e0q000-0000-4000-8000-00000000bbbb' };

/** A bot that answers at once and sends each reply to the API URL, waiting up to 120 s for a slot. */
function pacedBotWorkflow(): any {
	const workflow = apiUrlBotWorkflow();
	workflow.id = PACED.id;
	workflow.name = 'e2e queue: API URL replies, paced per process';
	workflow.nodes[0].webhookId = PACED.webhookId;
	workflow.nodes[1].parameters.body = '=Reply {{ $json.payload.body }}';
	workflow.nodes[1].parameters.options = { maxRateLimitWait: 120 };
	return workflow;
}

let ctx: QueueContext;

beforeAll(async () => {
	ctx = await namingHost(() =>
		startQueueE2e(
			({ sandboxUrl }) => [
				actionOnWebhookWorkflow(),
				apiUrlBotWorkflow(),
				pacedBotWorkflow(),
				sheetSyncShortestPoll(sandboxUrl, POLLING.id, 'e2e queue: conversation trigger every 5 s'),
			],
			{ publish: [ACTION.id, POLLING.id] },
		),
	);
	process.stderr.write(
		`queue-mode set-up: ${JSON.stringify(ctx.timings)} ms; main ${ctx.queue.main.url}, webhook processor ${ctx.queue.webhooks[0].url}, sandbox ${ctx.sim.url}\n`,
	);
}, 60 * 60_000);

afterAll(async () => {
	await stopQueueE2e(ctx);
	if (ctx) process.stderr.write(`queue-mode logs: ${logsDir(ctx)}\n`);
}, 120_000);

/** The newest execution of a workflow, once it has ended (bounded wait). */
async function lastExecution(workflowId: string, count: number): Promise<any> {
	const rows = await waitForExecutions(ctx, workflowId, count, 60_000);
	expect(rows).toHaveLength(count);
	return rows[rows.length - 1];
}

describe('queue mode: main, worker and webhook processor share Redis and PostgreSQL', () => {
	it('the processes came up in queue mode, each with the package installed', () => {
		expect(processLog(ctx, 'worker-1')).toContain('n8n worker is now ready');
		expect(processLog(ctx, 'webhook-1')).toContain('Webhook listener waiting for requests');
		expect(ctx.n8n.loadedPackageNodes()).toEqual(
			expect.arrayContaining([
				'n8n-nodes-userlike.userlike',
				'n8n-nodes-userlike.userlikeTrigger',
				'n8n-nodes-userlike.userlikeChatbotTrigger',
				'n8n-nodes-userlike.userlikeChatbot',
			]),
		);
	});

	it('an action workflow runs on the worker against the sandbox; its answer comes back through the webhook processor', async () => {
		const before = ctx.sim.requests.length;
		const answer = await postWebhook(`${ctx.queue.webhooks[0].url}/webhook/${ACTION.path}`, {
			contactId: SEEDED.davidContactId,
		});
		expect(answer.status).toBe(200);
		expect(answer.json).toMatchObject({
			id: SEEDED.davidContactId,
			email: 'david.miller@example.org',
		});
		const gets = ctx.sim.requests
			.slice(before)
			.filter(
				(r) =>
					r.method === 'GET' &&
					r.path === `/api/um/v3/contact_identities/${SEEDED.davidContactId}/`,
			);
		expect(gets).toHaveLength(1);
		const execution = await lastExecution(ACTION.id, 1);
		expect(execution).toMatchObject({ status: 'success', mode: 'webhook' });
		expect(processesThatRan(ctx, execution.id)).toEqual(['worker-1']);
	});

	it("the add-on trigger's production URL is answered by the webhook processor; the worker runs the alert", async () => {
		const answer = await postWebhook(
			ctx.webhooks[EXAMPLE.alert],
			{
				_type: 'chat_session',
				_event: 'unread',
				// the keys of a conversation sent to an add-on, as in e2e/n8n.e2e.test.ts
				id: 50059,
				contact: { name: 'Anna Schmidt', email: 'anna.schmidt@example.com' },
			},
			secretHeader(ctx),
		);
		expect(answer.status).toBe(200);
		const execution = await lastExecution(EXAMPLE.alert, 1);
		expect(execution).toMatchObject({ status: 'success', mode: 'webhook' });
		expect(processesThatRan(ctx, execution.id)).toEqual(['worker-1']);
		expect(ctx.teamChat).toContainEqual({
			text: ':warning: Nobody read the messages of Anna Schmidt (conversation 50059)',
			event: 'chat_session.unread',
		});
		// A wrong secret is refused by the webhook processor itself: nothing is queued.
		const refused = await postWebhook(
			ctx.webhooks[EXAMPLE.alert],
			{ _type: 'chat_session', _event: 'unread' },
			secretHeader(ctx, 'wrong'),
		);
		expect(refused.status).toBe(403);
		expect(await ctx.n8n.executions(EXAMPLE.alert)).toHaveLength(1);
	});

	it("chatbot trigger + reply: the reply built on the worker is the webhook processor's HTTP response", async () => {
		const cid = 'queue-chat';
		const call = (event: string, payload: unknown, context: Record<string, unknown>) =>
			chatbotCall(cid, event, payload, context);
		const start = await postWebhook(
			ctx.webhooks[EXAMPLE.bot],
			call('start', {}, {}),
			secretHeader(ctx),
		);
		expect(start.status).toBe(200);
		expect(start.json).toEqual([
			{
				info: { cid, context: { step: 'name' } },
				packet: {
					event: 'message',
					payload: {
						body: 'Hi, I am the Nordlicht bot! Before I connect you with a colleague: what is your name?',
					},
				},
			},
		]);
		const name = await postWebhook(
			ctx.webhooks[EXAMPLE.bot],
			call('message', { body: 'Anna Schmidt' }, { step: 'name' }),
			secretHeader(ctx),
		);
		expect(name.status).toBe(200);
		expect(name.json.map((e: any) => e.packet.event)).toEqual(['contact_update', 'message']);
		expect(name.json[1].info.context).toEqual({ step: 'email', name: 'Anna Schmidt' });

		const executions = await waitForExecutions(ctx, EXAMPLE.bot, 2, 60_000);
		expect(executions.map((e) => e.status)).toEqual(['success', 'success']);
		for (const e of executions) expect(processesThatRan(ctx, e.id)).toEqual(['worker-1']);
	});

	it('chatbot API URL delivery: answered at once by the webhook processor, the reply sent from the worker', async () => {
		const accepted = ctx.chatbot.accepted.length;
		const answer = await postWebhook(
			ctx.webhooks[IDS.chatbotApiUrl],
			chatbotCall('queue-api-url', 'message', { body: 'A-2001' }),
			secretHeader(ctx),
		);
		expect(answer.status).toBe(200);
		expect(answer.text).toBe('');
		const execution = await lastExecution(IDS.chatbotApiUrl, 1);
		expect(execution.status).toBe('success');
		expect(processesThatRan(ctx, execution.id)).toEqual(['worker-1']);
		expect(ctx.chatbot.accepted.slice(accepted)).toEqual([
			expect.objectContaining({
				cid: 'queue-api-url',
				payload: { body: 'Order A-2001 has shipped.' },
			}),
		]);
	});

	it('the polling trigger polls once per interval across the set-up (on the main process), and a change runs once, on the worker', async () => {
		const sheet = addSheet(ctx.sim);
		const polls = () =>
			ctx.sim.requests.filter(
				(r) => r.path === '/api/um/v3/conversations/' && r.query.updated_at_from_date,
			);
		// 25 s of idle polling every 5 s: one request per poll, 4 to 6 polls, never two within 2 s (three
		// processes polling would make three requests per tick).
		const from = polls().length;
		await sleep(25_000);
		const window = polls().slice(from);
		expect(window.length).toBeGreaterThanOrEqual(4);
		expect(window.length).toBeLessThanOrEqual(6);
		const gaps = window.slice(1).map((r, i) => (r.at ?? 0) - (window[i].at ?? 0));
		for (const gap of gaps) expect(gap).toBeGreaterThan(2000);
		expect(await ctx.n8n.executions(POLLING.id)).toEqual([]);

		const message = addMessage(ctx.sim, POLLING.conversation, { body: 'e2e queue: a new message' });
		const [execution] = await waitForExecutions(ctx, POLLING.id, 1, 60_000);
		expect(execution).toMatchObject({ status: 'success', mode: 'trigger' });
		expect(processesThatRan(ctx, execution.id)).toEqual(['worker-1']);
		const deadline = Date.now() + 20_000;
		while (sheet.length < 1 && Date.now() < deadline) await sleep(200);
		await sleep(11_000);
		expect(await ctx.n8n.executions(POLLING.id)).toHaveLength(1);
		expect(sheet).toHaveLength(1);
		expect(sheet[0]).toMatchObject({
			conversation_id: POLLING.conversation,
			event: 'updatedConversation',
		});
		expect(sheet[0].new_messages).toContain(message.body);
		process.stderr.write(
			`polling in queue mode: ${window.length} polls in 25 s, gaps ${gaps.map((g) => Math.round(g)).join(', ')} ms\n`,
		);
	}, 180_000);

	it(
		'200 chatbot round trips from 10 chat sessions at once: every answer right (latency recorded)',
		() => chatbotLoadTest(ctx, EXAMPLE.bot, `queue-${hostInfo().version}`),
		10 * 60_000,
	);

	it(
		'chatbot pacing is per process: two workers send more than 20 a minute to one chat session, and the 429s are retried (measured)',
		async () => {
			const second = await ctx.queue.addWorker();
			expect(second.role).toBe('worker-2');
			const cid = 'queue-paced';
			const calls = 30;
			const sentAt = Date.now();
			const answers = await Promise.all(
				Array.from({ length: calls }, (_, i) =>
					postWebhook(
						ctx.webhooks[PACED.id],
						{
							info: { cid, context: {}, widget: { id: SEEDED.widgets.website } },
							packet: { event: 'message', payload: { body: `#${i}` } },
						},
						secretHeader(ctx),
					),
				),
			);
			expect(answers.map((a) => a.status)).toEqual(Array(calls).fill(200));
			const rows = await waitForExecutions(ctx, PACED.id, calls, 240_000);
			const doneMs = Date.now() - sentAt;
			expect(rows).toHaveLength(calls);
			const byWorker: Record<string, number> = {};
			for (const row of rows) {
				const ran = processesThatRan(ctx, row.id);
				expect(ran).toHaveLength(1);
				byWorker[ran[0]] = (byWorker[ran[0]] ?? 0) + 1;
			}
			const delivered = ctx.chatbot.accepted.filter((e) => e.cid === cid);
			const bodies = delivered.map((e) => String(e.payload.body));
			// Nothing delivered twice; what was not delivered failed visibly (an error execution).
			expect(new Set(bodies).size).toBe(bodies.length);
			const failed = rows.filter((r) => r.status !== 'success').length;
			expect(bodies.length + failed).toBe(calls);
			const posts = ctx.chatbot.requests().filter((r) => (r.body as any)?.[0]?.info?.cid === cid);
			const throttled = posts.filter((r) => r.status === 429).length;
			const firstMinute = delivered.filter((e) => e.at - delivered[0].at < 60_000).length;
			const measured = {
				calls,
				workers: byWorker,
				requestsToApiUrl: posts.length,
				answered429: throttled,
				delivered: bodies.length,
				failedExecutions: failed,
				deliveredInTheFirstMinute: firstMinute,
				allDoneAfterMs: doneMs,
			};
			process.stderr.write(`chatbot pacing with two workers: ${JSON.stringify(measured)}\n`);
			require('node:fs').writeFileSync(
				require('node:path').join(
					require('../scripts/lib/host.cjs').RUN_DIR,
					'chatbot-pacing-two-workers.json',
				),
				JSON.stringify(measured, null, 2),
			);
			// Userlike's limit held (the simulator enforces it): at most 20 accepted in the first minute.
			expect(firstMinute).toBeLessThanOrEqual(20);
		},
		6 * 60_000,
	);
});
