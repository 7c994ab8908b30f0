/**
 * Chatbot pacing with the default settings: 25 replies to one chat session within a minute, from one
 * execution, are all delivered and in order. Userlike allows 20 requests a minute per cid
 * (https://www.userlike.com/en/public/tutorial/um/api/chatbots, "Rate limiting"); the simulator's chatbot
 * endpoint enforces it with 429.
 *
 * The clock is faked with jest's fake timers (setTimeout and Date only): n8n-workflow's `sleep`, the
 * only way the node waits, then waits on the fake clock, which the node's pacer and the simulator both
 * read through Date.now(). While the workflow runs, the test moves the clock to the next timer
 * whenever one is due and nothing else is going on, so the minute passes at once. The workflow still
 * runs through n8n-core's WorkflowExecute with real HTTP requests (sockets use Node's own timers).
 */
import type { IDataObject } from 'n8n-workflow';

import type { WorkflowNode } from '../harness/n8n';
import { onFakeClock } from '../harness/clock';
import { runWorkflow } from '../harness/n8n';
import { replyNode, useChatbotApi } from './helpers';

const api = useChatbotApi();

const cid = 'cid-pacing-25';

function replies(count: number, options?: IDataObject, forCid = cid): WorkflowNode[] {
	return Array.from({ length: count }, (_, i) => ({
		...replyNode(
			`Reply ${i + 1}`,
			{
				delivery: 'apiUrl',
				cid: forCid,
				event: 'message',
				body: `Reply ${i + 1}`,
				...(options ? { options } : {}),
			},
			['userlikeChatbotApi'],
		),
	}));
}

describe('Userlike Chatbot → API URL: pacing with the default settings', () => {
	it('25 replies to one cid within a minute, in one execution: all delivered, in order', async () => {
		const nodes = replies(25);
		const { result, jumps } = await onFakeClock(() =>
			runWorkflow({
				nodes,
				credentials: {
					userlikeChatbotApi: { apiUrl: api.bot.apiUrl, securityToken: api.bot.securityToken },
				},
				input: [{ json: { cid } }],
			}),
		);
		expect(result.error).toBeUndefined();
		const statuses = api.bot.requests().map((request) => request.status);
		// No request ran into Userlike's 429: the node waited instead.
		expect(statuses).toEqual(Array(25).fill(200));
		expect(api.bot.accepted.map((event) => event.payload.body)).toEqual(
			Array.from({ length: 25 }, (_, i) => `Reply ${i + 1}`),
		);
		// Replies 1–20 went at once (same fake instant); reply 21 waited for the window (one minute plus
		// the pacer's margin), after which 22–25 found their slots free.
		expect(jumps.filter((ms) => ms > 0)).toEqual([61_000]);
	});

	it('a Max Wait below the 61 s wait still fails reply 21 before sending it; 1–20 were delivered', async () => {
		const { result } = await onFakeClock(() =>
			runWorkflow({
				nodes: replies(21, { maxRateLimitWait: 30 }, `${cid}-short`),
				credentials: {
					userlikeChatbotApi: { apiUrl: api.bot.apiUrl, securityToken: api.bot.securityToken },
				},
				input: [{ json: { cid: `${cid}-short` } }],
			}),
		);
		expect(result.error?.message).toBe(
			`Userlike's limit of 20 requests a minute for chat session ${cid}-short is used up`,
		);
		expect(api.bot.accepted).toHaveLength(20);
	});
});
