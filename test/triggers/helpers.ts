/** Shared set-up of the trigger and chatbot suites: one webhook server per test file. */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import type { WorkflowNode } from '../harness/n8n';
import type { WebhookServer } from '../harness/webhook';
import { startWebhookServer } from '../harness/webhook';
import { n8nLogger } from '../harness/core';

export const SECRET_HEADER = 'X-Userlike-Secret';
export const SECRET_VALUE = 'a-long-random-webhook-secret-4711';

export function useWebhookServer(): { server: WebhookServer } {
	const context = {} as { server: WebhookServer };
	beforeAll(async () => {
		context.server = await startWebhookServer();
	});
	afterAll(async () => {
		await context.server.close();
	});
	return context;
}

/** The trigger nodes at version 2 unless told (the version n8n's editor creates; saved ones may be 1). */
export function addonTrigger(
	parameters: IDataObject,
	withSecret = false,
	typeVersion = 2,
): WorkflowNode {
	return {
		name: 'Userlike Trigger',
		type: 'userlikeTrigger',
		typeVersion,
		parameters,
		credentials: withSecret ? ['userlikeWebhookHeaderApi'] : [],
		webhookId: 'addon-webhook-id',
	};
}

export function chatbotTrigger(
	parameters: IDataObject = {},
	withCredential = false,
	typeVersion = 2,
): WorkflowNode {
	return {
		name: 'Userlike Chatbot Trigger',
		type: 'userlikeChatbotTrigger',
		typeVersion,
		parameters,
		credentials: withCredential ? ['userlikeChatbotApi'] : [],
		webhookId: 'chatbot-webhook-id',
	};
}

export function headerCredential(
	extra: ICredentialDataDecryptedObject = {},
): Record<string, ICredentialDataDecryptedObject> {
	return {
		userlikeWebhookHeaderApi: {
			webhookHeaderName: SECRET_HEADER,
			webhookHeaderSecret: SECRET_VALUE,
			...extra,
		},
	};
}

/** A Userlike Chatbot API credential with the webhook secret set. */
export function chatbotCredential(
	extra: ICredentialDataDecryptedObject = {},
): Record<string, ICredentialDataDecryptedObject> {
	return {
		userlikeChatbotApi: {
			apiUrl: 'https://api.userlike.example/api/chatbot/b7d1e2/',
			securityToken: 'token',
			webhookHeaderName: SECRET_HEADER,
			webhookHeaderSecret: SECRET_VALUE,
			...extra,
		},
	};
}

/** A chatbot webhook body as the Chatbot API docs describe it. */
export function chatbotCall(
	event: string,
	payload: unknown = {},
	info: IDataObject = {},
): IDataObject {
	return {
		info: {
			cid: 'cid-4f2a9c',
			contact: { id: 2001, name: 'Anna Schmidt', email: null },
			approach_mode: 'normal',
			widget: { id: 9, name: 'Webshop' },
			...info,
		},
		packet: { event, payload },
	};
}

/**
 * Runs `fn` with n8n's logger's warnings captured instead of printed (an expected warning is asserted,
 * not shown in the test output); returns them.
 */
export async function capturingWarnings(fn: () => Promise<void>): Promise<string[]> {
	const warn = jest.spyOn(n8nLogger(), 'warn').mockImplementation(() => {});
	try {
		await fn();
		return warn.mock.calls.map(([message]) => String(message));
	} finally {
		warn.mockRestore();
	}
}
