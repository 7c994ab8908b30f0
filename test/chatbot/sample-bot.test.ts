/**
 * The sample bot of Userlike's Chatbot API docs ("a bot that asks for the contact's name and email,
 * before forwarding him to a human") as one n8n workflow:
 *
 *   Userlike Chatbot Trigger ─ Switch on the context's step
 *     ├ 0 start ─ Ask Name (message, context {step: name})
 *     ├ 1 name  ─ Save Name (contact_update, hand on) ─ Ask Email (message, context {step: email, name})
 *     └ 2 email ─ Save Email (contact_update, hand on) ─ Thank (message, hand on) ─ Forward (forward_any)
 *
 * The test plays Userlike: it calls the webhook (with the configured secret header), reads the events of
 * each answer, keeps the context as Userlike does (a new one replaces the old, an empty one is ignored)
 * and echoes it in the next call, and applies contact updates to the contact it sends.
 */
import type { IConnections, IDataObject } from 'n8n-workflow';

import type { WorkflowNode } from '../harness/n8n';
import { addTestNodeTypes } from '../harness/webhook';
import { chatbotTrigger, SECRET_HEADER, SECRET_VALUE, useWebhookServer } from '../triggers/helpers';
import { replyNode, testSwitchNode } from './helpers';

const ctx = useWebhookServer();

beforeAll(async () => {
	await addTestNodeTypes({ testSwitch: testSwitchNode });
});

const TRIGGER = 'Userlike Chatbot Trigger';

const nodes: WorkflowNode[] = [
	{
		name: 'Step',
		type: 'testSwitch',
		parameters: {
			output:
				"={{ $json.event === 'start' || !$json.context.step ? 0 : $json.context.step === 'name' ? 1 : 2 }}",
		},
	},
	replyNode('Ask Name', {
		event: 'message',
		body: "Hi, I'm the shop's bot. What is your name?",
		context: '={{ { step: "name" } }}',
	}),
	replyNode('Save Name', {
		delivery: 'nextNode',
		event: 'contact_update',
		contactFields: { name: '={{ $json.payload.body }}' },
	}),
	replyNode('Ask Email', {
		event: 'message',
		body: '={{ "Nice to meet you, " + $json.payload.body + "! What is your email address?" }}',
		context: '={{ { step: "email", name: $json.payload.body } }}',
	}),
	replyNode('Save Email', {
		delivery: 'nextNode',
		event: 'contact_update',
		contactFields: { email: '={{ $json.payload.body }}' },
	}),
	replyNode('Thank', {
		delivery: 'nextNode',
		event: 'message',
		body: '={{ "Thank you, " + $json.context.name + "! A colleague will take over now." }}',
	}),
	replyNode('Forward', { event: 'forward_any' }),
];

const main = (...targets: string[]) =>
	targets.map((node) => [{ node, type: 'main' as const, index: 0 }]);
const connections: IConnections = {
	[TRIGGER]: { main: main('Step') },
	Step: { main: main('Ask Name', 'Save Name', 'Save Email') },
	'Save Name': { main: main('Ask Email') },
	'Save Email': { main: main('Thank') },
	Thank: { main: main('Forward') },
};

const credentials = {
	userlikeChatbotApi: {
		apiUrl: 'https://api.userlike.example/api/chatbot/b7d1e2/',
		securityToken: 'not-used-by-webhook-replies',
		webhookHeaderName: SECRET_HEADER,
		webhookHeaderSecret: SECRET_VALUE,
	},
};

/** Userlike's side of one chat session. */
class UserlikeSession {
	context: IDataObject | undefined;
	contact: IDataObject = { id: 2001, name: null, email: null };
	forwarded = false;

	constructor(readonly cid: string) {}

	async send(event: string, payload: IDataObject = {}) {
		const result = await ctx.server.call({
			trigger: chatbotTrigger({ responseMode: 'responseNode' }, true),
			nodes,
			connections,
			credentials,
			request: {
				json: {
					info: {
						cid: this.cid,
						contact: this.contact,
						...(this.context ? { context: this.context } : {}),
						approach_mode: 'normal',
						widget: { id: 9, name: 'Webshop' },
					},
					packet: { event, payload },
				},
				headers: { [SECRET_HEADER]: SECRET_VALUE },
			},
		});
		expect(result.status).toBe(200);
		const events = result.body as Array<{
			info: IDataObject;
			packet: { event: string; payload: IDataObject };
		}>;
		for (const { info, packet } of events) {
			expect(info.cid).toBe(this.cid);
			const context = info.context as IDataObject | undefined;
			if (context && Object.keys(context).length) this.context = context;
			if (packet.event === 'contact_update') Object.assign(this.contact, packet.payload);
			if (packet.event === 'forward_any') this.forwarded = true;
		}
		return events;
	}
}

describe("the Chatbot API docs' sample bot: name, email, then a human", () => {
	it('runs the whole conversation through one workflow', async () => {
		const session = new UserlikeSession('cid-sample-1');

		expect(await session.send('start')).toEqual([
			{
				info: { cid: 'cid-sample-1', context: { step: 'name' } },
				packet: {
					event: 'message',
					payload: { body: "Hi, I'm the shop's bot. What is your name?" },
				},
			},
		]);

		expect(await session.send('message', { body: 'Anna Schmidt' })).toEqual([
			{
				info: { cid: 'cid-sample-1' },
				packet: { event: 'contact_update', payload: { name: 'Anna Schmidt' } },
			},
			{
				info: { cid: 'cid-sample-1', context: { step: 'email', name: 'Anna Schmidt' } },
				packet: {
					event: 'message',
					payload: { body: 'Nice to meet you, Anna Schmidt! What is your email address?' },
				},
			},
		]);

		expect(await session.send('message', { body: 'anna.schmidt@example.com' })).toEqual([
			{
				info: { cid: 'cid-sample-1' },
				packet: { event: 'contact_update', payload: { email: 'anna.schmidt@example.com' } },
			},
			{
				info: { cid: 'cid-sample-1' },
				packet: {
					event: 'message',
					payload: { body: 'Thank you, Anna Schmidt! A colleague will take over now.' },
				},
			},
			{ info: { cid: 'cid-sample-1' }, packet: { event: 'forward_any', payload: {} } },
		]);

		expect(session.contact).toEqual({
			id: 2001,
			name: 'Anna Schmidt',
			email: 'anna.schmidt@example.com',
		});
		expect(session.context).toEqual({ step: 'email', name: 'Anna Schmidt' });
		expect(session.forwarded).toBe(true);
	});

	it('an email the contact_update schema rejects answers 200 with no events and triggers nothing', async () => {
		const session = new UserlikeSession('cid-sample-2');
		session.context = { step: 'email', name: 'Jo' };
		const result = await ctx.server.call({
			trigger: chatbotTrigger({ responseMode: 'responseNode' }, true),
			nodes,
			connections,
			credentials,
			request: {
				json: {
					info: { cid: session.cid, context: session.context },
					packet: { event: 'message', payload: { body: 'jo at example' } },
				},
				headers: { [SECRET_HEADER]: SECRET_VALUE },
			},
		});
		// n8n answers 200 with no events when the execution fails before any reply (the error is in n8n).
		expect(result.status).toBe(200);
		expect(result.text).toBe('');
		expect(result.run?.error?.message).toBe('Update Contact: Email is not an email address');
		expect(result.run?.responses).toEqual([]);
	});

	it("a call without the bot's secret header starts nothing", async () => {
		const result = await ctx.server.call({
			trigger: chatbotTrigger({ responseMode: 'responseNode' }, true),
			nodes,
			connections,
			credentials,
			request: { json: { info: { cid: 'cid-x' }, packet: { event: 'start' } } },
		});
		expect(result.status).toBe(401);
		expect(result.run).toBeUndefined();
	});
});
