/**
 * The webhook secret fails closed and treats a repeated header as the code says (one matching copy is
 * enough), for both triggers, through n8n-core's real WebhookContext with real HTTP requests.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { WorkflowNode } from '../harness/n8n';
import {
	addonTrigger,
	capturingWarnings,
	chatbotCall,
	chatbotCredential,
	chatbotTrigger,
	headerCredential,
	SECRET_HEADER,
	SECRET_VALUE,
	useWebhookServer,
} from './helpers';

const ctx = useWebhookServer();

const callback = { _type: 'operator', _event: 'online', id: 71, created_at: '2025-06-01 11:26:24' };

interface Case {
	label: string;
	trigger: WorkflowNode;
	body: unknown;
	credentials: (
		extra?: ICredentialDataDecryptedObject,
	) => Record<string, ICredentialDataDecryptedObject>;
}

const cases: Case[] = [
	{
		label: 'Userlike Trigger (Userlike Webhook Header API credential)',
		trigger: addonTrigger({ events: ['*'] }, true),
		body: callback,
		credentials: headerCredential,
	},
	{
		label: 'Userlike Chatbot Trigger (Userlike Chatbot API credential)',
		trigger: chatbotTrigger({ events: ['start'], responseMode: 'onReceived' }, true),
		body: chatbotCall('start'),
		credentials: chatbotCredential,
	},
];

describe.each(cases)('$label: the secret fails closed', ({ trigger, body, credentials }) => {
	const send = (
		headers: Record<string, string | string[]>,
		extra?: ICredentialDataDecryptedObject,
	) =>
		ctx.server.call({ trigger, credentials: credentials(extra), request: { json: body, headers } });

	it.each([
		['empty', ''],
		['only spaces', '   '],
	])(
		'a header name that is %s refuses every call (500), with or without the header',
		async (_label, name) => {
			const headerSets: Array<Record<string, string>> = [{}, { [SECRET_HEADER]: SECRET_VALUE }];
			for (const headers of headerSets) {
				const warnings = await capturingWarnings(async () => {
					const result = await send(headers, { webhookHeaderName: name });
					expect(result.status).toBe(500);
					expect(result.body).toEqual({ message: 'The webhook secret is misconfigured in n8n' });
					expect(result.items).toBeUndefined();
				});
				// n8n's log says why, for the admin
				expect(warnings).toEqual([expect.stringMatching(/the header name is empty/)]);
			}
		},
	);

	it('the correct header sent twice is accepted: one matching copy is enough', async () => {
		const result = await send({ [SECRET_HEADER]: [SECRET_VALUE, SECRET_VALUE] });
		expect(result.status).toBe(200);
		expect(result.items).toHaveLength(1);
	});

	it('a wrong copy beside the right one is accepted; two wrong copies are 403', async () => {
		const mixed = await send({ [SECRET_HEADER]: ['proxy-added', SECRET_VALUE] });
		expect(mixed.status).toBe(200);
		const wrong = await send({ [SECRET_HEADER]: ['nope', `${SECRET_VALUE}, x`] });
		expect(wrong.status).toBe(403);
		expect(wrong.items).toBeUndefined();
	});

	it('the secret and a comma joined with it in one header line is not the secret (403)', async () => {
		const result = await send({ [SECRET_HEADER]: `${SECRET_VALUE}, ${SECRET_VALUE}` });
		expect(result.status).toBe(403);
	});
});

describe('Userlike Chatbot Trigger: the optional secret', () => {
	const trigger = chatbotTrigger({ events: ['start'], responseMode: 'onReceived' }, true);

	it('name and value both empty: no check (the credential also serves the API URL)', async () => {
		const result = await ctx.server.call({
			trigger,
			credentials: chatbotCredential({ webhookHeaderName: '', webhookHeaderSecret: '' }),
			request: { json: chatbotCall('start') },
		});
		expect(result.status).toBe(200);
	});

	it('a value without a name refuses every call', async () => {
		const warnings = await capturingWarnings(async () => {
			const result = await ctx.server.call({
				trigger,
				credentials: chatbotCredential({ webhookHeaderName: '' }),
				request: { json: chatbotCall('start') },
			});
			expect(result.status).toBe(500);
			expect(result.items).toBeUndefined();
		});
		expect(warnings).toEqual([expect.stringMatching(/the header name is empty/)]);
	});
});
