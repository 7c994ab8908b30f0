import type {
	IDataObject,
	INodeTypeDescription,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import * as n8nWorkflow from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { verifyWebhookSecret } from './secret';

/** n8n-workflow's helpers for webhook-description fields (n8n 2.35 and later; absent before). */
interface WebhookDescriptionFieldHelpers {
	webhookDescriptionFields?: (fields: Record<string, unknown>) => Partial<IWebhookDescription>;
	fromParameter?: (path: string, fallback?: unknown) => unknown;
}

/**
 * The webhook's `responseMode`, read from the node parameter of that name. The template
 * `={{$parameter["responseMode"]}}` is what n8n's editor reads, on every n8n. Where n8n-workflow has
 * `webhookDescriptionFields` and `fromParameter` (n8n 2.35 and later, as n8n's own Webhook node uses
 * them), the same template comes with a resolver: n8n then reads the parameter without its expression
 * engine when the node's parameters hold no expression, so a webhook call needs no expression sandbox
 * for it (it counts with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE, where an unused sandbox is never built).
 */
export function responseModeField(parameter: string): Pick<IWebhookDescription, 'responseMode'> {
	const { webhookDescriptionFields, fromParameter } = n8nWorkflow as WebhookDescriptionFieldHelpers;
	if (typeof webhookDescriptionFields === 'function' && typeof fromParameter === 'function') {
		const field = webhookDescriptionFields({ responseMode: fromParameter(parameter) });
		if (field.responseMode === `={{$parameter["${parameter}"]}}`)
			return field as Pick<IWebhookDescription, 'responseMode'>;
	}
	return { responseMode: `={{$parameter["${parameter}"]}}` };
}

/**
 * The description both webhook triggers share: one POST webhook whose Test and Production URLs the
 * user pastes into Userlike. (Icon and subtitle stay in each node file, where n8n's linter looks.)
 */
export function webhookTriggerDescription(
	responseMode: Pick<IWebhookDescription, 'responseMode'>,
): Pick<
	INodeTypeDescription,
	| 'icon'
	| 'group'
	| 'version'
	| 'subtitle'
	| 'inputs'
	| 'outputs'
	| 'webhooks'
	| 'eventTriggerDescription'
> {
	return {
		group: ['trigger'],
		// Version 2 (new nodes) spares an expression of n8n's own: for a version-1 start node n8n
		// evaluates `$parameter["options"]["binaryData"]` on every webhook call (n8n's Webhook node 1
		// option), in a sandbox on n8n 2.35+. Nothing else differs: n8n reads an application/json body
		// as JSON for both versions, and version-1 nodes in saved workflows keep working.
		version: [1, 2],
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				...responseMode,
				// Userlike needs only the 200, and reads an empty body as "no events" (chatbot webhook);
				// an empty body is the same answer on every n8n version.
				responseData: 'noData',
				path: 'webhook',
			},
		],
		eventTriggerDescription: 'Waiting for Userlike to call the Test URL',
	};
}

export interface WebhookTriggerSpec<T extends { ok: true }> {
	/** The credential that may hold the header secret (optional on the node: no secret, no check). */
	credential: string;
	/** An attached credential with both header fields empty accepts every call (see headerSecretFrom). */
	secretOptional?: boolean;
	/** e.g. "Userlike add-on callback": a body that is not one is answered 400 "Not a …: <reason>". */
	kind: string;
	parse: (body: unknown) => T | { ok: false; reason: string };
	/** Whether the call starts the workflow, given the node's Events parameter. */
	chosen: (call: T, events: string[]) => boolean;
	/** Answers a call that starts nothing: Userlike expects 200 for every call. */
	ignore: (call: T, response: ReturnType<IWebhookFunctions['getResponseObject']>) => void;
	output: (call: T) => IDataObject;
}

/**
 * The `webhook()` of both Userlike triggers: the header secret (if set), then the body's shape, then
 * the chosen events; only then does the workflow start, with one item.
 */
export async function receiveWebhook<T extends { ok: true }>(
	context: IWebhookFunctions,
	spec: WebhookTriggerSpec<T>,
): Promise<IWebhookResponseData> {
	if (!(await verifyWebhookSecret.call(context, spec.credential, spec.secretOptional))) {
		return { noWebhookResponse: true };
	}
	const response = context.getResponseObject();
	const parsed = spec.parse(context.getBodyData());
	if (!parsed.ok) {
		response.status(400).json({ message: `Not a ${spec.kind}: ${parsed.reason}` });
		return { noWebhookResponse: true };
	}
	const events = context.getNodeParameter('events', []) as string[];
	if (!spec.chosen(parsed, events)) {
		spec.ignore(parsed, response);
		return { noWebhookResponse: true };
	}
	return { workflowData: [context.helpers.returnJsonArray([spec.output(parsed)])] };
}
