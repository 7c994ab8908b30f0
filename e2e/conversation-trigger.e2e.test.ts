/**
 * The Userlike Conversation Trigger in a real n8n 2.8.4: the example "sync updated conversations to a
 * spreadsheet-like sink" (examples/conversation-sync-sheet.json), activated with a short custom poll
 * interval (every 5 seconds: n8n refuses cron expressions whose seconds field has a `*`, not a list;
 * every minute on n8n versions that refuse sub-minute polls, such as 2.41), against the in-process simulator. A conversation changed in the sandbox starts exactly one
 * execution, whose row reaches the sheet stand-in with that conversation and its new message; the
 * polls after it start nothing. (Fetch Test Event is the editor's, `n8n execute` cannot start a
 * workflow at a polling trigger: manual mode is tested through WorkflowExecute in test/triggers.)
 */
import { addMessage } from '../test/simulator/changes';
import type { E2eContext } from './harness';
import { logTail, startE2e, stopE2e, waitForExecutions } from './harness';
import { sheetSyncShortestPoll, shortestPoll } from './workflows';

const { addSheet } = require('../scripts/lib/setup.cjs');
const { sleep } = require('../scripts/lib/n8n.cjs');

const WORKFLOW_ID = 'e2eConvTrigger';
const CHANGED_CONVERSATION = 50002;
/** The poll interval on this host: 5 s, or 60 s where n8n refuses shorter ones (known once it is installed). */
let INTERVAL = 0;

let ctx: E2eContext | undefined;
let sheet: any[] = [];

const activeCopy = (sandboxUrl: string) =>
	sheetSyncShortestPoll(sandboxUrl, WORKFLOW_ID, 'e2e: conversation trigger every 5 seconds');

/** Waits (bounded) until `check` holds. */
async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${logTail(ctx)}`);
		await sleep(200);
	}
}

const conversationListCalls = () =>
	(ctx?.sim.requests ?? []).filter((r) => r.path === '/api/um/v3/conversations/');
const messageCalls = () =>
	(ctx?.sim.requests ?? []).filter((r) =>
		/^\/api\/um\/v3\/conversations\/\d+\/messages\/$/.test(r.path),
	);

beforeAll(async () => {
	ctx = await startE2e(({ sandboxUrl }) => [activeCopy(sandboxUrl)], { activate: [WORKFLOW_ID] });
	sheet = addSheet(ctx.sim);
	INTERVAL = shortestPoll().ms;
}, 600_000);

afterAll(async () => {
	await stopE2e(ctx);
}, 120_000);

describe('Userlike Conversation Trigger, activated in n8n', () => {
	it(
		'a conversation changed in the sandbox starts exactly one execution with that conversation',
		async () => {
			const c = ctx as E2eContext;
			// Activation: one request for the newest conversation and one for the changes of the last 30 s
			// (they are not events; the cursor starts at now), then polls.
			await until('the activation poll', () =>
				conversationListCalls().some((r) => r.query.limit === '1'),
			);
			await until(
				'two scheduled polls',
				() => conversationListCalls().filter((r) => r.query.updated_at_from_date).length >= 3,
				3 * INTERVAL + 60_000,
			);
			expect(await c.n8n.executions(WORKFLOW_ID)).toEqual([]);

			const message = addMessage(c.sim, CHANGED_CONVERSATION, { body: 'e2e: a new message' });
			const rows = await waitForExecutions(c, WORKFLOW_ID, 1, INTERVAL + 30_000);
			expect(rows).toHaveLength(1);
			await until('the row in the sheet', () => sheet.length >= 1, 20_000);

			// Three more polls (3 intervals): nothing new runs, each poll is 1 request, no more message reads.
			const pollsBefore = conversationListCalls().length;
			await sleep(3 * INTERVAL + 1_000);
			const executions = await c.n8n.executions(WORKFLOW_ID);
			expect(executions).toHaveLength(1);
			expect(executions[0].status).toBe('success');
			expect(executions[0].mode).toBe('trigger');
			const polls = conversationListCalls().length - pollsBefore;
			expect(polls).toBeGreaterThanOrEqual(2);
			expect(polls).toBeLessThanOrEqual(4);
			expect(messageCalls()).toHaveLength(1);

			expect(sheet).toHaveLength(1);
			expect(sheet[0]).toMatchObject({
				conversation_id: CHANGED_CONVERSATION,
				event: 'updatedConversation',
				new_message_count: 1,
			});
			expect(sheet[0].new_messages).toContain(message.body);
		},
		// Jest reads this before beforeAll knows the interval: sized for the longest one (a minute).
		180_000 + 6 * 60_000,
	);
});
