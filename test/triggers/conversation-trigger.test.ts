/**
 * Userlike Conversation Trigger through n8n-core's real poll machinery (test/harness/poll.ts:
 * ActiveWorkflows, PollContext, TriggersAndPollers; manual mode through WorkflowExecute), against the
 * simulator, with a controlled clock: only `Date` is faked (jest modern timers), so the node's "now",
 * the simulator's timestamps of changes (test/simulator/changes.ts) and its filters agree, while
 * sockets and retries run on real timers.
 *
 * Userlike JSON API docs: https://www.userlike.com/en/public/tutorial/um/api/intro ("Fetching
 * conversations that were recently created or updated", "Conversation list endpoint filters",
 * "API rate limits") and https://docs.userlike.com/developers/api/json.
 */
import type { IDataObject } from 'n8n-workflow';

import { runUserlike, runWorkflow } from '../harness/n8n';
import type { ActivePoller } from '../harness/poll';
import { activatePoller, controlClock, n8nLogger } from '../harness/poll';
import type { RecordedRequest, UserlikeSimulator } from '../simulator';
import { createUserlikeSimulator, ORG_TOKEN, SEEDED } from '../simulator';
import {
	addMessage,
	createConversation,
	removeConversation,
	updateConversation,
} from '../simulator/changes';

const MINUTE = 60_000;
/** After the seeded data (which ends shortly before 2025-06-02T12:00:00Z). */
const START = Date.parse('2025-06-02T13:00:00.000Z');

let sim: UserlikeSimulator;
let active: ActivePoller[] = [];

beforeAll(async () => {
	sim = await createUserlikeSimulator();
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => {
	controlClock(START);
	sim.reset();
});
afterEach(async () => {
	for (const poller of active) await poller.deactivate();
	active = [];
	jest.useRealTimers();
});

const credentials = () => ({
	userlikeApi: { apiToken: ORG_TOKEN, baseUrl: sim.url, apiVersion: 'v3' },
});

function triggerNode(parameters: IDataObject = {}) {
	return {
		name: 'Userlike Conversation Trigger',
		type: 'userlikeConversationTrigger',
		parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...parameters },
		credentials: ['userlikeApi'],
	};
}

async function activate(parameters: IDataObject = {}): Promise<ActivePoller> {
	const poller = await activatePoller({
		node: triggerNode(parameters),
		credentials: credentials(),
	});
	active.push(poller);
	return poller;
}

function advance(ms: number): void {
	jest.setSystemTime(Date.now() + ms);
}

/** Requests to the JSON API from index `from` on. */
function callsSince(from: number): RecordedRequest[] {
	return sim.requests.slice(from).filter((r) => r.path.startsWith('/api/um/'));
}

/** Runs one scheduled poll a minute after the last; returns what it emitted and the calls it made. */
async function pollOnce(poller: ActivePoller, ms = MINUTE) {
	advance(ms);
	const before = sim.requests.length;
	const run = await poller.tick();
	return { ...run, calls: callsSince(before) };
}

const ids = (items: IDataObject[]) => items.map((item) => Number(item.id));

/** `count` new conversations (no messages), a second after the clock; their IDs. */
function createMany(count: number): number[] {
	advance(1000);
	return Array.from({ length: count }, () => createConversation(sim, { withMessage: false }).id);
}

/**
 * Measured requests per poll, printed on request for a close note
 * (USERLIKE_PRINT_MEASURES=1 npx jest test/triggers/conversation-trigger); `npm test` stays quiet.
 */
const callsPerPoll: Record<string, number[]> = {};
afterAll(() => {
	if (process.env.USERLIKE_PRINT_MEASURES === '1') {
		process.stdout.write(`requests per poll: ${JSON.stringify(callsPerPoll)}\n`);
	}
});

describe('activation and the first poll', () => {
	it('asks for the newest conversation and the changes of the last 30 s, sets the cursor at now and emits nothing', async () => {
		const poller = await activate();
		const calls = callsSince(0);
		expect(calls).toHaveLength(2);
		expect(calls[0].path).toBe('/api/um/v3/conversations/');
		expect(calls[0].query).toEqual({ limit: '1' });
		expect(calls[1].query).toEqual({
			limit: '100',
			ordering: '-id',
			updated_at_from_date: new Date(START - 30_000).toISOString(),
		});
		expect(poller.runs[0].items).toEqual([]);
		expect(poller.executions).toBe(0);
		expect(poller.cronExpressions).toHaveLength(1);
		expect(poller.cronExpressions[0]).toMatch(/^\d+ \* \* \* \* \*$/);
		const state = poller.staticData().conversationTrigger as IDataObject;
		expect(state.cursor).toBe(START);
		expect(state.maxId).toBe(Math.max(...sim.data.conversations.map((c) => c.id)));
	});

	it('emits nothing old: conversations changed before activation never come out', async () => {
		updateConversation(sim, SEEDED.firstConversationId, { status: 'open' }, START - 10 * MINUTE);
		const poller = await activate();
		const run = await pollOnce(poller);
		expect(run.items).toEqual([]);
	});

	it('a wrong token fails the activation with the 401 message', async () => {
		await expect(
			activatePoller({
				node: triggerNode(),
				credentials: { userlikeApi: { apiToken: 'wrong', baseUrl: sim.url, apiVersion: 'v3' } },
			}),
		).rejects.toThrow(/Userlike did not accept the API token/);
	});

	it("warns in n8n's log when the poll times alone need more than the daily quota", async () => {
		const warn = jest.spyOn(n8nLogger(), 'warn').mockImplementation(() => {});
		const items = Array.from({ length: 4 }, () => ({ mode: 'everyMinute' }));
		const poller = await activatePoller({
			node: triggerNode({ pollTimes: { item: items } }),
			credentials: credentials(),
		});
		active.push(poller);
		expect(poller.cronExpressions).toHaveLength(4);
		expect(warn.mock.calls.map(([message]) => message)).toContainEqual(
			expect.stringMatching(/5,760 requests a day even when nothing changes, more than the 5,000/),
		);
		warn.mockRestore();
	});
});

describe('idle polls', () => {
	it('cost exactly 1 request each and emit nothing', async () => {
		const poller = await activate();
		const perPoll: number[] = [];
		for (let i = 0; i < 10; i++) {
			const run = await pollOnce(poller);
			expect(run.items).toEqual([]);
			expect(run.error).toBeUndefined();
			perPoll.push(run.calls.length);
		}
		expect(perPoll).toEqual(Array(10).fill(1));
		expect(poller.executions).toBe(0);
		// The one request: conversations updated since the previous poll (minus the overlap), explicit offset.
		const last = callsSince(0).at(-1) as RecordedRequest;
		expect(last.query.updated_at_from_date).toBe(
			new Date(START + 9 * MINUTE - 30_000).toISOString(),
		);
		callsPerPoll.idle = perPoll;
		expect(last.query.updated_at_from_date).toMatch(/Z$/);
		expect(last.query.limit).toBe('100');
	});

	it('stays at 1 request when changes inside the overlap were already emitted', async () => {
		const poller = await activate();
		advance(30_000);
		addMessage(sim, SEEDED.firstConversationId);
		const first = await pollOnce(poller, 30_000);
		expect(ids(first.items)).toEqual([SEEDED.firstConversationId]);
		const again = await pollOnce(poller, 30_000);
		expect(again.items).toEqual([]);
		expect(again.calls).toHaveLength(1);
		// the same conversation is still returned by Userlike (inside the overlap) but not emitted again
		const third = await pollOnce(poller, 30_000);
		expect(third.items).toEqual([]);
		expect(third.calls).toHaveLength(1);
	});
});

describe('changes between polls', () => {
	it('a burst of 250 changes: all emitted once, in 3 pages; the next poll is idle again', async () => {
		const poller = await activate();
		const existing = sim.data.conversations.filter((c) => c.organization_id === 1).map((c) => c.id);
		const created: number[] = [];
		for (let i = 0; i < 250 - existing.length; i++) {
			advance(100);
			created.push(createConversation(sim).id);
		}
		for (const id of existing) {
			advance(100);
			addMessage(sim, id, { body: 'an update' });
		}
		const run = await pollOnce(poller, 5_000);
		expect(run.error).toBeUndefined();
		expect(run.calls).toHaveLength(3);
		expect(run.items).toHaveLength(250);
		expect(new Set(ids(run.items)).size).toBe(250);
		expect(ids(run.items).sort((a, b) => a - b)).toEqual(
			[...existing, ...created].sort((a, b) => a - b),
		);
		const kinds = Object.fromEntries(run.items.map((item) => [item.id, item.event]));
		for (const id of created) expect(kinds[id]).toBe('newConversation');
		for (const id of existing) expect(kinds[id]).toBe('updatedConversation');
		expect(poller.executions).toBe(1);

		// The 250 changes lie within the next poll's 30 s look-back: it reads back only to the 99th newest
		// of them (1 request) and none comes out again. The poll after that is idle as well: 1 request.
		const next = await pollOnce(poller);
		expect(next.items).toEqual([]);
		expect(next.calls).toHaveLength(1);
		const later = await pollOnce(poller);
		expect(later.items).toEqual([]);
		expect(later.calls).toHaveLength(1);
		callsPerPoll.burst = [run.calls.length, next.calls.length, later.calls.length];
	});

	it('conversations deleted while the poll pages do not push others out of the pages (keyset)', async () => {
		const poller = await activate();
		const created = createMany(250);
		// after the 2nd page Userlike deletes 5 of the conversations that page held
		sim.behaviour.churn = { insert: 0, remove: 5 };
		const run = await pollOnce(poller);
		expect(run.error).toBeUndefined();
		expect(run.calls).toHaveLength(3);
		expect(run.calls[1].query).toMatchObject({ ordering: '-id', id__lt: String(created[150]) });
		expect(ids(run.items).sort((a, b) => a - b)).toEqual(created);
	});

	it('equal timestamps at the boundary: a second change with the emitted timestamp comes out once', async () => {
		const poller = await activate();
		const at = START + MINUTE;
		jest.setSystemTime(at);
		updateConversation(sim, 50010, { status: 'pending' }, at);
		const first = await poller.tick();
		expect(ids(first.items)).toEqual([50010]);
		// Userlike makes a change visible that it stamped with the same millisecond (and one a bit earlier).
		updateConversation(sim, 50011, { status: 'pending' }, at);
		updateConversation(sim, 50012, { status: 'pending' }, at - 20_000);
		const second = await pollOnce(poller);
		expect(ids(second.items)).toEqual([50011, 50012]);
		const third = await pollOnce(poller);
		expect(third.items).toEqual([]);
	});

	it('a conversation created and then updated between two polls comes out once, as new', async () => {
		const poller = await activate({ options: { includeNewMessages: true } });
		advance(10_000);
		const conversation = createConversation(sim);
		advance(10_000);
		addMessage(sim, conversation.id, { body: 'second message', sender_type: 'operator' });
		updateConversation(sim, conversation.id, { status: 'open' });
		const run = await pollOnce(poller, 10_000);
		expect(run.items).toHaveLength(1);
		expect(run.items[0]).toMatchObject({ id: conversation.id, event: 'newConversation' });
		expect((run.items[0].new_messages as IDataObject[]).map((m) => m.body)).toEqual([
			'Hello, I have a question.',
			'second message',
		]);
		// later messages come with the next poll, and only those
		advance(10_000);
		addMessage(sim, conversation.id, { body: 'third message' });
		const next = await pollOnce(poller, 10_000);
		expect(next.items).toHaveLength(1);
		expect(next.items[0]).toMatchObject({ id: conversation.id, event: 'updatedConversation' });
		expect((next.items[0].new_messages as IDataObject[]).map((m) => m.body)).toEqual([
			'third message',
		]);
	});

	it('a conversation deleted after its change is not emitted, and the rest are', async () => {
		const poller = await activate();
		advance(1000);
		addMessage(sim, 50020);
		addMessage(sim, 50021);
		removeConversation(sim, 50020);
		const run = await pollOnce(poller);
		expect(run.error).toBeUndefined();
		expect(ids(run.items)).toEqual([50021]);
	});

	it('New Conversation asks only for IDs above the last known one, oldest first (activation: 1 request)', async () => {
		const poller = await activate({ event: 'newConversation' });
		expect(callsSince(0)).toHaveLength(1);
		advance(1000);
		addMessage(sim, 50030);
		const created = [createConversation(sim).id, createConversation(sim).id];
		const run = await pollOnce(poller);
		expect(ids(run.items)).toEqual(created);
		expect(run.calls).toHaveLength(1);
		expect(run.calls[0].query).toMatchObject({ id__gt: '50060', ordering: 'id' });
		expect(run.calls[0].query.updated_at_from_date).toBeUndefined();
		addMessage(sim, created[0]);
		const next = await pollOnce(poller);
		expect(next.items).toEqual([]);
		expect(next.calls[0].query.id__gt).toBe(String(created[1]));
	});

	it('Updated Conversation leaves new conversations out, and never emits them later as updated', async () => {
		const poller = await activate({ event: 'updatedConversation' });
		advance(1000);
		const created = createConversation(sim).id;
		addMessage(sim, 50031);
		const run = await pollOnce(poller);
		expect(ids(run.items)).toEqual([50031]);
		expect(run.items[0].event).toBe('updatedConversation');
		const next = await pollOnce(poller);
		expect(next.items).toEqual([]);
		addMessage(sim, created);
		const after = await pollOnce(poller);
		expect(ids(after.items)).toEqual([created]);
		expect(after.items[0].event).toBe('updatedConversation');
	});

	it('sends the filters as Get Many does and emits only matching conversations', async () => {
		const poller = await activate({
			filters: { operator_id: SEEDED.operatorId, status: 'open', um_widget_id: 0, topics: '' },
		});
		advance(1000);
		const match = createConversation(sim, { operator_id: SEEDED.operatorId, status: 'open' }).id;
		createConversation(sim, { operator_id: SEEDED.operator2Id, status: 'open' });
		createConversation(sim, { operator_id: SEEDED.operatorId, status: 'pending' });
		const run = await pollOnce(poller);
		expect(ids(run.items)).toEqual([match]);
		expect(run.calls[0].query).toMatchObject({
			operator_id: String(SEEDED.operatorId),
			status: 'open',
		});
		expect(run.calls[0].query.um_widget_id).toBeUndefined();
		expect(run.calls[0].query.topics).toBeUndefined();
	});

	it('Simplify gives what Get Many gives for the same conversation; off, the whole conversation', async () => {
		const simple = await activate();
		const raw = await activate({ simplify: false });
		advance(1000);
		addMessage(sim, 50040);
		const simplified = (await pollOnce(simple, 0)).items[0];
		const whole = (await pollOnce(raw, 0)).items[0];
		const getMany = async (simplify: boolean) =>
			(
				await runUserlike(
					{
						resource: 'conversation',
						operation: 'getAll',
						returnAll: false,
						limit: 1,
						simplify,
						filters: { id__gt: 50039, id__lt: 50041 },
					},
					credentials().userlikeApi,
				)
			).items[0];
		expect({ ...simplified, event: undefined }).toEqual({
			...(await getMany(true)),
			event: undefined,
		});
		expect({ ...whole, event: undefined }).toEqual({ ...(await getMany(false)), event: undefined });
		expect(Object.keys(whole).length).toBeGreaterThan(Object.keys(simplified).length);
		expect(simplified.event).toBe('updatedConversation');
	});

	it('Include New Messages reads cursor pages: 150 new messages in one conversation, 2 pages', async () => {
		const poller = await activate({ options: { includeNewMessages: true } });
		advance(1000);
		for (let i = 0; i < 150; i++) addMessage(sim, 50041, { body: `m${i}` });
		const run = await pollOnce(poller);
		const messages = run.items[0].new_messages as IDataObject[];
		expect(messages.map((m) => m.body)).toEqual(Array.from({ length: 150 }, (_, i) => `m${i}`));
		const messageCalls = run.calls.filter((c) => c.path.endsWith('/messages/'));
		expect(messageCalls).toHaveLength(2);
		expect(messageCalls[0].query).toMatchObject({ ordering: '-id', limit: '100' });
		expect(messageCalls[1].query.cursor).toBeDefined();
		expect(run.calls).toHaveLength(3);
	});
});

describe('failures during a poll leave the cursor where it was', () => {
	it('a 429 that outlasts the retries on page 2: nothing emitted; the next poll emits all once', async () => {
		const poller = await activate();
		const created = createMany(150);
		const before = JSON.stringify(poller.staticData());
		sim.behaviour.failNext.push({
			status: 429,
			headers: { 'Retry-After': '3600' },
			body: { detail: 'Request was throttled. Expected available in 3600 seconds.' },
			match: { pathIncludes: '/conversations/?' },
			skip: 1,
		});
		const failed = await pollOnce(poller);
		expect(failed.error?.message).toMatch(/429/);
		expect(failed.items).toEqual([]);
		expect(poller.executions).toBe(0);
		expect(JSON.stringify(poller.staticData())).toBe(before);

		const next = await pollOnce(poller);
		expect(next.error).toBeUndefined();
		expect(ids(next.items)).toEqual(created);
	});

	it('a burst 429 with a short Retry-After is waited out inside the poll', async () => {
		const poller = await activate();
		const created = createMany(120);
		sim.behaviour.failNext.push({
			status: 429,
			headers: { 'Retry-After': '1' },
			match: { pathIncludes: '/conversations/?' },
			skip: 1,
		});
		const run = await pollOnce(poller);
		expect(run.error).toBeUndefined();
		expect(ids(run.items)).toEqual(created);
		expect(run.calls).toHaveLength(3);
	});

	it('a truncated page: the poll fails, nothing is emitted, the next poll emits all once', async () => {
		const poller = await activate();
		const created = createMany(150);
		const before = JSON.stringify(poller.staticData());
		sim.behaviour.failNext.push({
			truncate: true,
			match: { pathIncludes: '/conversations/?' },
			skip: 1,
		});
		const failed = await pollOnce(poller);
		expect(failed.error).toBeDefined();
		expect(failed.items).toEqual([]);
		expect(JSON.stringify(poller.staticData())).toBe(before);
		const next = await pollOnce(poller);
		expect(ids(next.items)).toEqual(created);
	});

	it('an error while reading messages: nothing emitted, the next poll emits the change with its messages', async () => {
		const poller = await activate({ options: { includeNewMessages: true } });
		advance(1000);
		addMessage(sim, 50042, { body: 'hello' });
		sim.behaviour.failNext.push({
			status: 400,
			body: { detail: 'Invalid cursor' },
			match: { pathIncludes: '/messages/' },
		});
		const failed = await pollOnce(poller);
		expect(failed.error?.message).toMatch(/Invalid cursor/);
		expect(failed.items).toEqual([]);
		const next = await pollOnce(poller);
		expect(ids(next.items)).toEqual([50042]);
		expect((next.items[0].new_messages as IDataObject[]).map((m) => m.body)).toEqual(['hello']);
	});

	it('a conversation deleted between the list and its messages (404) is left out, the others come', async () => {
		const poller = await activate({ options: { includeNewMessages: true } });
		advance(1000);
		addMessage(sim, 50050, { body: 'to be deleted' });
		addMessage(sim, 50045, { body: 'stays' });
		sim.route('GET', /^\/api\/um\/v3\/conversations\/50050\/messages\/$/, () => {
			removeConversation(sim, 50050);
			return { status: 404, body: { detail: 'Not found.' } };
		});
		const run = await pollOnce(poller);
		expect(run.error).toBeUndefined();
		expect(ids(run.items)).toEqual([50045]);
		expect((run.items[0].new_messages as IDataObject[]).map((m) => m.body)).toEqual(['stays']);
	});
});

describe('restarts', () => {
	it('static data saved with the last emit carries the cursor over a restart: nothing twice, nothing lost', async () => {
		const poller = await activate();
		advance(1000);
		addMessage(sim, 50043);
		const run = await pollOnce(poller);
		expect(ids(run.items)).toEqual([50043]);
		const saved = run.savedStaticData as IDataObject;
		await poller.deactivate();
		active = active.filter((p) => p !== poller);

		advance(MINUTE);
		addMessage(sim, 50044);
		const restarted = await activatePoller({
			node: triggerNode(),
			credentials: credentials(),
			staticData: saved,
		});
		active.push(restarted);
		// the activation poll is a regular poll now: it emits what changed while n8n was down
		expect(ids(restarted.runs[0].items)).toEqual([50044]);
	});
});

describe('changes from activation on (a change before it is never an event)', () => {
	it.each(['newOrUpdated', 'updatedConversation'])(
		'%s: a conversation touched 10 s before activation is not emitted a minute later; one touched after is',
		async (event) => {
			updateConversation(sim, SEEDED.firstConversationId, { status: 'open' }, START - 10_000);
			const poller = await activate({ event });
			expect(poller.runs[0].items).toEqual([]);
			advance(20_000);
			updateConversation(sim, 50002, { status: 'open' });
			const run = await pollOnce(poller, 40_000);
			expect(run.error).toBeUndefined();
			expect(ids(run.items)).toEqual([50002]);
			const next = await pollOnce(poller);
			expect(next.items).toEqual([]);
		},
	);

	it('a conversation touched before activation and again after it comes out once, with the later change', async () => {
		updateConversation(sim, SEEDED.firstConversationId, { status: 'open' }, START - 5_000);
		const poller = await activate();
		advance(5_000);
		updateConversation(sim, SEEDED.firstConversationId, { status: 'pending' });
		const run = await pollOnce(poller, 55_000);
		expect(run.items).toHaveLength(1);
		expect(run.items[0]).toMatchObject({ id: SEEDED.firstConversationId, status: 'pending' });
	});
});

describe('a poll in which nothing changed costs exactly 1 request, whatever happened before it', () => {
	/** `count` conversations that exist before activation (stamped an hour earlier), their IDs ascending. */
	function olderConversations(count: number): number[] {
		return Array.from(
			{ length: count },
			() => createConversation(sim, { withMessage: false, at: START - 60 * MINUTE }).id,
		);
	}

	it.each([250, 1000])(
		'after a burst of %i changes in the minute before a poll (newest ID first): all emitted once, then 1 request per idle poll',
		async (count) => {
			const older = olderConversations(count);
			const poller = await activate();
			expect(poller.runs[0].error).toBeUndefined();
			// Updated newest ID first: the first page (highest IDs) holds the oldest stamps of the burst.
			advance(5_000);
			for (const id of [...older].reverse()) {
				advance(40);
				updateConversation(sim, id, { status: 'open' });
			}
			const run = await pollOnce(poller, 10_000);
			const idle: IDataObject[][] = [];
			const idleCalls: number[] = [];
			for (let i = 0; i < 3; i++) {
				const next = await pollOnce(poller);
				idle.push(next.items);
				idleCalls.push(next.calls.length);
			}
			callsPerPoll[`burst${count}`] = [run.calls.length, ...idleCalls];
			expect(run.error).toBeUndefined();
			expect(run.calls).toHaveLength(Math.ceil(count / 100));
			expect(ids(run.items).sort((a, b) => a - b)).toEqual(older);
			expect(idle).toEqual([[], [], []]);
			expect(idleCalls).toEqual([1, 1, 1]);
		},
	);

	it('polls a few seconds apart after a burst: 1 request each, and a change in between still comes out once', async () => {
		const older = olderConversations(300);
		const poller = await activate();
		advance(1_000);
		for (const id of older) updateConversation(sim, id, { status: 'open' });
		const run = await pollOnce(poller, 2_000);
		expect(run.items).toHaveLength(300);
		const idle = await pollOnce(poller, 5_000);
		expect(idle.calls).toHaveLength(1);
		expect(idle.items).toEqual([]);
		// a conversation of the burst changes again: it is listed again and comes out once
		advance(1_000);
		updateConversation(sim, older[0], { status: 'pending' });
		const changed = await pollOnce(poller, 5_000);
		expect(changed.calls).toHaveLength(1);
		expect(ids(changed.items)).toEqual([older[0]]);
		const after = await pollOnce(poller, 5_000);
		expect(after.calls).toHaveLength(1);
		expect(after.items).toEqual([]);
	});

	it('after a restart with the static data saved at the burst: 1 request when nothing changed', async () => {
		const older = olderConversations(250);
		const poller = await activate();
		advance(1_000);
		for (const id of older) updateConversation(sim, id, { status: 'open' });
		const run = await pollOnce(poller, 5_000);
		expect(run.items).toHaveLength(250);
		await poller.deactivate();
		active = active.filter((p) => p !== poller);
		advance(MINUTE);
		const before = sim.requests.length;
		const restarted = await activatePoller({
			node: triggerNode(),
			credentials: credentials(),
			staticData: run.savedStaticData,
		});
		active.push(restarted);
		expect(restarted.runs[0].items).toEqual([]);
		expect(callsSince(before)).toHaveLength(1);
	});

	it('the activation reads the changes of its last 30 s once: 1 request per idle poll after it', async () => {
		const older = olderConversations(250);
		advance(-20_000);
		for (const id of older) updateConversation(sim, id, { status: 'open' });
		advance(20_000);
		const poller = await activate();
		expect(callsSince(0).length).toBe(1 + 3);
		const run = await pollOnce(poller, 10_000);
		expect(run.items).toEqual([]);
		expect(run.calls).toHaveLength(1);
	});
});

describe('new_messages: the messages sent since the previous poll, none twice, none missed', () => {
	const bodies = (item: IDataObject) =>
		((item.new_messages as IDataObject[]) ?? []).map((message) => message.body);

	it('Updated Conversation: a conversation started before poll N, written to 10 s before it, answered after: only the answer', async () => {
		const poller = await activate({
			event: 'updatedConversation',
			options: { includeNewMessages: true },
		});
		advance(10_000);
		const conversation = createConversation(sim, { withMessage: false });
		advance(40_000);
		addMessage(sim, conversation.id, { body: 'from the contact' });
		const pollN = await pollOnce(poller, 10_000);
		// new: not an update, so not emitted
		expect(pollN.items).toEqual([]);
		advance(5_000);
		addMessage(sim, conversation.id, { body: 'the reply', sender_type: 'operator' });
		const next = await pollOnce(poller, 55_000);
		expect(ids(next.items)).toEqual([conversation.id]);
		expect(bodies(next.items[0])).toEqual(['the reply']);
	});

	it.each(['newOrUpdated', 'updatedConversation', 'newConversation'])(
		'%s: messages 1 s before and after each poll each come out once, over a restart',
		async (event) => {
			const poller = await activate({ event, options: { includeNewMessages: true } });
			const emitted: string[] = [];
			const collect = (items: IDataObject[]) => {
				for (const item of items) emitted.push(...(bodies(item) as string[]));
			};
			advance(20_000);
			const fresh = createConversation(sim, { withMessage: false }).id;
			const sent: string[] = [];
			const send = (id: number, body: string) => {
				addMessage(sim, id, { body });
				sent.push(body);
			};
			let saved: IDataObject | undefined;
			let current = poller;
			for (let round = 0; round < 4; round++) {
				advance(58_000);
				send(fresh, `fresh ${round} before`);
				send(50007, `old ${round} before`);
				const run = await pollOnce(current, 1_000);
				expect(run.error).toBeUndefined();
				collect(run.items);
				if (run.savedStaticData) saved = run.savedStaticData;
				advance(1_000);
				send(fresh, `fresh ${round} after`);
				send(50007, `old ${round} after`);
				if (round === 1 && saved) {
					// n8n restarts with the static data saved at the last emit
					await current.deactivate();
					active = active.filter((p) => p !== current);
					current = await activatePoller({
						node: triggerNode({ event, options: { includeNewMessages: true } }),
						credentials: credentials(),
						staticData: saved,
					});
					active.push(current);
					collect(current.runs[0].items);
				}
			}
			const last = await pollOnce(current);
			collect(last.items);
			// none twice
			expect(new Set(emitted).size).toBe(emitted.length);
			const expected =
				event === 'newConversation'
					? sent.filter((body) => body.startsWith('fresh 0 before'))
					: event === 'updatedConversation'
						? // the fresh conversation's first poll shows it as new: left out, messages and all
							sent.filter((body) => body !== 'fresh 0 before')
						: sent;
			expect([...emitted].sort()).toEqual([...expected].sort());
		},
	);
});

describe('manual mode ("Fetch Test Event")', () => {
	async function fetchTestEvent(parameters: IDataObject = {}) {
		const before = sim.requests.length;
		const result = await runWorkflow({
			nodes: [triggerNode(parameters)],
			credentials: credentials(),
			mode: 'manual',
		});
		return {
			...result,
			items: (result.output['Userlike Conversation Trigger'] ?? []).map((i) => i.json),
			calls: callsSince(before),
		};
	}

	const statusOf = (id: number) => sim.data.conversations.find((c) => c.id === id)?.status;

	it('returns the conversation with the latest message, as a change, in 1 request', async () => {
		const open = sim.data.conversations.find(
			(c) => c.status === 'open' && c.organization_id === SEEDED.organizationId,
		)!;
		addMessage(sim, open.id, { at: START - 1000 });
		const { items, calls } = await fetchTestEvent();
		expect(ids(items)).toEqual([open.id]);
		expect(items[0]).toMatchObject({ status: 'open', event: 'updatedConversation' });
		expect(calls).toHaveLength(1);
		expect(calls[0].query).toMatchObject({ ordering: '-last_message_sent_at', limit: '10' });
	});

	it('never a "new" conversation labeled as a change: New or Updated calls it new, Updated takes the latest worked-on one', async () => {
		const open = sim.data.conversations.find(
			(c) => c.status === 'open' && c.organization_id === SEEDED.organizationId,
		)!;
		addMessage(sim, open.id, { at: START - 2000 });
		const fresh = createConversation(sim, { at: START - 1000 });
		expect(statusOf(fresh.id)).toBe('new');

		const either = await fetchTestEvent();
		expect(ids(either.items)).toEqual([fresh.id]);
		expect(either.items[0]).toMatchObject({ status: 'new', event: 'newConversation' });

		const updated = await fetchTestEvent({ event: 'updatedConversation' });
		expect(ids(updated.items)).toEqual([open.id]);
		expect(updated.items[0]).toMatchObject({ status: 'open', event: 'updatedConversation' });
		expect(updated.calls).toHaveLength(1);
	});

	it('New Conversation: the newest matching conversation; with Include New Messages its latest messages', async () => {
		const { items, calls } = await fetchTestEvent({
			event: 'newConversation',
			filters: { operator_id: SEEDED.operator2Id },
			options: { includeNewMessages: true },
		});
		const newest = sim.data.conversations
			.filter((c) => c.operator_id === SEEDED.operator2Id)
			.sort((a, b) => b.id - a.id)[0];
		expect(ids(items)).toEqual([newest.id]);
		expect(items[0].event).toBe('newConversation');
		expect((items[0].new_messages as IDataObject[]).length).toBeGreaterThan(0);
		expect(calls).toHaveLength(2);
	});

	it('no matching conversation: an error that says what to do', async () => {
		const { error } = await fetchTestEvent({ filters: { operator_id: 999999 } });
		expect(error?.message).toBe('No conversation matches the filters');
		expect(error?.description).toMatch(/Widen the filters/);
	});
});
