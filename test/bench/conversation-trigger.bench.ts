/**
 * Benchmark: the Userlike Conversation Trigger's polls through n8n-core's poll machinery
 * (test/harness/poll.ts), against the simulator: requests per poll (what counts against Userlike's
 * 5000 a day) and wall time, for an idle poll, bursts of 250 and 1,000 changes, and Include New
 * Messages. Only `Date` is faked (the changes' timestamps and the node's clock agree). Rows go to
 * bench/RESULTS.md (results.ts).
 */
import type { ActivePoller } from '../harness/poll';
import { activatePoller, controlClock } from '../harness/poll';
import type { UserlikeSimulator } from '../simulator';
import { createUserlikeSimulator, ORG_TOKEN } from '../simulator';
import { addMessage, createConversation } from '../simulator/changes';
import { percentile, recordRow } from './results';

const SECTION = 'Userlike Conversation Trigger (polls through n8n-core, on 127.0.0.1)';
const START = Date.parse('2025-06-02T13:00:00.000Z');
const IDLE_POLLS = 100;

let sim: UserlikeSimulator;
let poller: ActivePoller | undefined;

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
	await poller?.deactivate();
	poller = undefined;
	jest.useRealTimers();
});

async function activate(options: Record<string, unknown> = {}): Promise<ActivePoller> {
	poller = await activatePoller({
		node: {
			name: 'Userlike Conversation Trigger',
			type: 'userlikeConversationTrigger',
			parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, options },
			credentials: ['userlikeApi'],
		},
		credentials: { userlikeApi: { apiToken: ORG_TOKEN, baseUrl: sim.url, apiVersion: 'v3' } },
	});
	return poller;
}

/** One poll a minute after the clock; its requests, emitted items and wall time. */
async function timedPoll(active: ActivePoller) {
	jest.setSystemTime(Date.now() + 60_000);
	const before = sim.requests.length;
	const started = process.hrtime.bigint();
	const run = await active.tick();
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	if (run.error) throw run.error;
	return { requests: sim.requests.length - before, items: run.items.length, ms };
}

function burst(count: number): void {
	const existing = sim.data.conversations.filter((c) => c.organization_id === 1).map((c) => c.id);
	for (let i = 0; i < count; i++) {
		jest.setSystemTime(Date.now() + 10);
		if (i < existing.length) addMessage(sim, existing[i]);
		else createConversation(sim);
	}
}

test('idle polls', async () => {
	const active = await activate();
	const times: number[] = [];
	const requests: number[] = [];
	for (let i = 0; i < IDLE_POLLS; i++) {
		const poll = await timedPoll(active);
		times.push(poll.ms);
		requests.push(poll.requests);
	}
	recordRow({
		section: SECTION,
		case: `idle poll (nothing changed), ${IDLE_POLLS} polls`,
		value: `${Math.max(...requests)} request per poll; median ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms`,
		read: '1 request per poll is the floor (every minute = 1,440 of the 5,000 a day); the time is one list request through n8n-core',
	});
});

test.each([250, 1000])('a burst of %d changes', async (count) => {
	const active = await activate();
	burst(count);
	const first = await timedPoll(active);
	const second = await timedPoll(active);
	const third = await timedPoll(active);
	recordRow({
		section: SECTION,
		case: `burst of ${count} changed conversations between two polls`,
		value: `${first.requests} requests, ${first.items} items, ${first.ms.toFixed(0)} ms; next polls ${second.requests} and ${third.requests} requests, ${second.items + third.items} items`,
		read: `${Math.ceil(count / 100)} requests (pages of 100) is the floor and each change comes out once; a later poll lists again at most the 99 newest changes it already read (1 page), so both are idle: 1 request each`,
	});
});

test('Include New Messages, 50 changed conversations with one new message each', async () => {
	const active = await activate({ includeNewMessages: true });
	burst(50);
	const poll = await timedPoll(active);
	recordRow({
		section: SECTION,
		case: 'Include New Messages, 50 changed conversations, 1 new message each',
		value: `${poll.requests} requests, ${poll.items} items, ${poll.ms.toFixed(0)} ms`,
		read: '1 list request + 1 messages request per conversation (51) is the floor: what the option costs against the daily quota',
	});
});
