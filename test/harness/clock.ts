/**
 * Fake time for tests, through jest's fake timers only (never by patching n8n's modules):
 *   - `controlClock(now)`: only `Date` is faked (set to `now`, moved with `jest.setSystemTime`), so
 *     n8n-core's timers, the simulator's sockets and n8n-workflow's `sleep` run as usual (poll tests);
 *   - `onFakeClock(run)`: `Date` and `setTimeout` are faked, and the clock jumps to the next timer
 *     whenever one is due and nothing else is going on, so a node's waits (n8n-workflow's `sleep`)
 *     pass at once while its HTTP requests stay real (sockets use Node's own timers).
 * Undo with `jest.useRealTimers()` (`onFakeClock` does it itself).
 */
import type { Config } from '@jest/types';

type FakeableAPI = Config.FakeableAPI;

/** What stays real in both: everything but `Date` and (for onFakeClock) `setTimeout`. */
const REAL_APIS: FakeableAPI[] = [
	'hrtime',
	'nextTick',
	'performance',
	'queueMicrotask',
	'setImmediate',
	'clearImmediate',
	'setInterval',
	'clearInterval',
];

export function controlClock(now: number): void {
	jest.useFakeTimers({ now, doNotFake: [...REAL_APIS, 'setTimeout', 'clearTimeout'] });
}

/** The clock's jumps (ms) while `run` ran on jest's fake clock. */
export async function onFakeClock<T>(
	run: () => Promise<T>,
): Promise<{ result: T; jumps: number[] }> {
	jest.useFakeTimers({
		now: 1_750_000_000_000,
		doNotFake: REAL_APIS,
	});
	const jumps: number[] = [];
	let done = false;
	const running = run().finally(() => {
		done = true;
	});
	try {
		// Bounded: 200,000 turns of the event loop, and no jump over five minutes.
		for (let turn = 0; !done; turn++) {
			if (turn > 200_000) throw new Error('the workflow did not end');
			if (jest.getTimerCount() > 0) {
				const before = Date.now();
				await jest.advanceTimersToNextTimerAsync();
				const jump = Date.now() - before;
				if (jump > 300_000) throw new Error(`unexpected wait of ${jump} ms`);
				jumps.push(jump);
			} else {
				await new Promise((resolve) => setImmediate(resolve));
			}
		}
		return { result: await running, jumps };
	} finally {
		jest.useRealTimers();
	}
}
