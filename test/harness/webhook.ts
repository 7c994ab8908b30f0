/**
 * Runs a trigger's `webhook()` the way n8n serves a production webhook: a real HTTP request reaches a
 * real express app, the body is parsed as n8n's webhook handler parses it (so a body that is not JSON
 * is answered 422 before the node runs, as in n8n), and the node runs in n8n-core's real WebhookContext
 * with real express request and response objects. What happens next follows n8n 2.8's
 * `executeWebhook` (packages/cli/src/webhooks/webhook-helpers.ts):
 *   - `noWebhookResponse`: the node has answered itself;
 *   - no `workflowData`: 200 with `webhookResponse` (or `{"message":"Webhook call received"}`);
 *   - response mode "onReceived": answered at once (`responseData: 'noData'` = empty body), then the
 *     workflow runs;
 *   - response mode "responseNode": the workflow runs through n8n-core's WorkflowExecute (test/harness/
 *     n8n.ts) and the first `sendResponse` of a node is the answer; none: 200 with an empty body, also
 *     when the execution failed before any reply (n8n's ActiveExecutions resolves the response promise
 *     with `{}` when an execution ends, before its "Error in workflow" 500 could be sent; the e2e suite
 *     checks this in real n8n).
 * The test reads the HTTP answer Userlike would get.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import express from 'express';
import type { Request, Response } from 'express';
import {
	ExecutionLifecycleHooks,
	HookContext,
	parseIncomingMessage,
	WebhookContext,
} from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IConnections,
	IDataObject,
	IHttpRequestMethods,
	IN8nHttpFullResponse,
	INode,
	INodeExecutionData,
	INodeType,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { jsonParse } from 'n8n-workflow';
import { request } from 'undici';

import type { RunResult, WorkflowNode } from './n8n';
import {
	buildAdditionalData,
	buildWorkflow,
	chainConnections,
	loadPackage,
	runWorkflow,
} from './n8n';

/** A trigger node's type, its first webhook description and the registration n8n keeps for it. */
function webhookDataFor(
	workflow: Workflow,
	node: INode,
	additionalData: IWorkflowExecuteAdditionalData,
): { nodeType: INodeType; description: IWebhookDescription; webhookData: IWebhookData } {
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion) as INodeType;
	const description = nodeType.description.webhooks?.[0] as IWebhookDescription;
	const webhookData: IWebhookData = {
		httpMethod: description.httpMethod as IHttpRequestMethods,
		node: node.name,
		path: String(description.path),
		webhookDescription: description,
		workflowId: String(workflow.id),
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
	};
	return { nodeType, description, webhookData };
}

export interface WebhookRequest {
	method?: string;
	/** A list sends the header once per entry (separate header lines, as a proxy may add a copy). */
	headers?: Record<string, string | string[]>;
	/** Sent as JSON with `Content-Type: application/json`. */
	json?: unknown;
	/** Sent as it is, with `contentType` (default application/json). */
	rawBody?: string;
	contentType?: string;
}

export interface WebhookCall {
	/** The trigger node that owns the webhook. */
	trigger: WorkflowNode;
	/** The nodes after the trigger (a chain unless `connections` says otherwise). */
	nodes?: WorkflowNode[];
	connections?: IConnections;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	request: WebhookRequest;
	/** "webhook" = production URL (default), "manual" = test URL. */
	mode?: WorkflowExecuteMode;
}

export interface WebhookResult {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
	/** The body parsed as JSON, the text when it is not JSON, undefined when empty. */
	body: any;
	/** What the trigger's webhook() returned (undefined when n8n answered before the node ran). */
	webhookResponse?: IWebhookResponseData;
	/** The items the trigger started the workflow with. */
	items?: INodeExecutionData[];
	/** The workflow run, when the call started one and the test gave nodes after the trigger. */
	run?: RunResult;
	/** An error thrown by webhook(), answered 500 as n8n does. */
	error?: Error;
}

interface Pending {
	call: WebhookCall;
	done: (result: Omit<WebhookResult, 'status' | 'headers' | 'text' | 'body'>) => void;
	failed: (error: Error) => void;
}

export interface WebhookServer {
	url: string;
	call(call: WebhookCall): Promise<WebhookResult>;
	close(): Promise<void>;
}

function readRawBody(req: Request): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

type N8nRequest = Request & { contentType?: string; encoding?: BufferEncoding; rawBody?: Buffer };

/**
 * n8n's `parseRequestBody` (packages/cli/src/webhooks/webhook-helpers.ts) and `parseBody`
 * (packages/cli/src/middlewares/body-parser.ts) for the content types Userlike sends: a start node of
 * version 1 has every body read; from version 2 on, n8n reads only JSON, text, form and XML bodies and
 * leaves any other one unread (no `body`).
 */
async function parseBodyLikeN8n(
	req: N8nRequest,
	res: Response,
	startNodeVersion: number,
): Promise<boolean> {
	parseIncomingMessage(req);
	const type = req.contentType ?? '';
	const readable =
		startNodeVersion === 1 ||
		['application/json', 'text/plain', 'application/x-www-form-urlencoded'].some((t) =>
			type.startsWith(t),
		) ||
		type.endsWith('/xml') ||
		type.endsWith('+xml');
	if (!readable) return true;
	const raw = await readRawBody(req);
	req.rawBody = raw;
	if (!raw.length) return true;
	const text = raw.toString(req.encoding ?? 'utf-8');
	try {
		if (req.contentType === 'application/json') req.body = jsonParse(text);
		else if (req.contentType === 'application/x-www-form-urlencoded') req.body = parseQuery(text);
		else if (req.contentType === 'text/plain') req.body = text;
	} catch (error) {
		// n8n: UnprocessableRequestError, sent by ResponseHelper.sendErrorResponse.
		res.status(422).json({
			code: 422,
			message: 'Failed to parse request body',
			hint: (error as Error).message,
		});
		return false;
	}
	return true;
}

/** n8n's sendLegacyResponse with raw = true. */
function sendLegacy(res: Response, data: unknown, responseCode?: number, headers?: IDataObject) {
	if (responseCode !== undefined) res.status(responseCode);
	for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, String(value));
	if (typeof data === 'string') res.send(data);
	else res.json(data);
}

async function handle(req: N8nRequest, res: Response, pending: Pending): Promise<void> {
	const { call } = pending;
	const mode = call.mode ?? 'webhook';
	const nodes = [call.trigger, ...(call.nodes ?? [])];
	const connections = call.connections ?? chainConnections(nodes);
	if (!(await parseBodyLikeN8n(req, res, call.trigger.typeVersion ?? 1))) return pending.done({});

	const workflow: Workflow = await buildWorkflow({ nodes, connections });
	const hooks = new ExecutionLifecycleHooks(mode, 'webhook-execution', {
		id: workflow.id,
		name: workflow.name,
		nodes: Object.values(workflow.nodes),
		connections: workflow.connectionsBySourceNode,
		settings: {},
	} as never);
	const additionalData = await buildAdditionalData(call.credentials ?? {}, hooks);
	additionalData.httpRequest = req;
	additionalData.httpResponse = res;

	const node = workflow.getNode(call.trigger.name) as INode;
	const { nodeType, description, webhookData } = webhookDataFor(workflow, node, additionalData);
	const context = new WebhookContext(workflow, node, additionalData, mode, webhookData, [], null);

	let result: IWebhookResponseData;
	try {
		result = (await nodeType.webhook!.call(context)) as IWebhookResponseData;
	} catch (error) {
		res
			.status(500)
			.json({ code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
		return pending.done({ error: error as Error });
	}
	if (result.noWebhookResponse) {
		if (!res.headersSent) {
			return pending.failed(new Error('webhook() returned noWebhookResponse without answering'));
		}
		return pending.done({ webhookResponse: result });
	}

	const responseMode = workflow.expression.getSimpleParameterValue(
		node,
		description.responseMode,
		mode,
		{},
		undefined,
		'onReceived',
	) as string;
	const responseCode = workflow.expression.getSimpleParameterValue(
		node,
		description.responseCode as string | undefined,
		mode,
		{},
		undefined,
		200,
	) as number;
	const responseData = workflow.expression.getComplexParameterValue(
		node,
		description.responseData,
		mode,
		{},
		undefined,
		'firstEntryJson',
	) as string | undefined;

	if (result.workflowData === undefined) {
		sendLegacy(res, result.webhookResponse ?? { message: 'Webhook call received' }, responseCode);
		return pending.done({ webhookResponse: result });
	}
	const items = result.workflowData[0] ?? [];
	const runRest = async () =>
		call.nodes?.length
			? await runWorkflow({
					nodes,
					connections,
					credentials: call.credentials,
					input: items,
					mode: mode as 'webhook' | 'manual',
					startNode: call.trigger.name,
				})
			: undefined;

	if (responseMode === 'onReceived') {
		// extractWebhookOnReceivedResponse, as n8n 2.8 has it (an unset responseData evaluates to
		// 'firstEntryJson', which it would send as the body: the triggers set 'noData').
		const body =
			responseData === 'noData'
				? undefined
				: responseData
					? responseData
					: (result.webhookResponse ?? { message: 'Workflow was started' });
		res.status(responseCode);
		if (typeof body === 'string') res.send(body);
		else res.json(body);
		const run = await runRest();
		return pending.done({ webhookResponse: result, items, run });
	}
	if (responseMode === 'responseNode') {
		const run = await runRest();
		const response = run?.responses[0] as IN8nHttpFullResponse | undefined;
		if (response) sendLegacy(res, response.body, response.statusCode, response.headers);
		else sendLegacy(res, undefined);
		return pending.done({ webhookResponse: result, items, run });
	}
	return pending.failed(new Error(`response mode ${responseMode} is not emulated by the harness`));
}

/** Starts an express app on 127.0.0.1 that serves one webhook call per `call()`. */
export async function startWebhookServer(): Promise<WebhookServer> {
	await loadPackage();
	const pendingById = new Map<string, Pending>();
	let sequence = 0;
	const app = express();
	app.all('/webhook/:id', (req, res) => {
		const pending = pendingById.get(String(req.params.id));
		if (!pending) {
			res.status(404).json({ message: 'The requested webhook is not registered.' });
			return;
		}
		pendingById.delete(String(req.params.id));
		handle(req as N8nRequest, res, pending).catch((error: Error) => {
			if (!res.headersSent) res.status(500).json({ message: error.message });
			pending.failed(error);
		});
	});
	const server: Server = await new Promise((resolve) => {
		const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
	});
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	return {
		url,
		async call(call: WebhookCall): Promise<WebhookResult> {
			const id = `call-${++sequence}`;
			const outcome = new Promise<Omit<WebhookResult, 'status' | 'headers' | 'text' | 'body'>>(
				(done, failed) => pendingById.set(id, { call, done, failed }),
			);
			const headers: Record<string, string | string[]> = {};
			let body: string | undefined;
			if (call.request.json !== undefined) {
				body = JSON.stringify(call.request.json);
				headers['content-type'] = 'application/json';
			} else if (call.request.rawBody !== undefined) {
				body = call.request.rawBody;
				headers['content-type'] = call.request.contentType ?? 'application/json';
			}
			Object.assign(headers, call.request.headers ?? {});
			const response = await request(`${url}/webhook/${id}`, {
				method: (call.request.method ?? 'POST') as 'POST',
				headers,
				body,
			});
			const text = await response.body.text();
			let parsed: unknown;
			try {
				parsed = text ? JSON.parse(text) : undefined;
			} catch {
				parsed = text;
			}
			const rest = await outcome;
			return {
				status: response.statusCode,
				headers: response.headers,
				text,
				body: parsed,
				...rest,
			};
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

/** Runs one of the trigger's webhookMethods (checkExists, create, delete) in n8n-core's HookContext. */
export async function runWebhookMethod(
	trigger: WorkflowNode,
	method: 'checkExists' | 'create' | 'delete',
	credentials: Record<string, ICredentialDataDecryptedObject> = {},
): Promise<{ result: boolean | undefined; staticData: IDataObject }> {
	const workflow = await buildWorkflow({ nodes: [trigger] });
	const hooks = new ExecutionLifecycleHooks('webhook', 'hook-execution', {} as never);
	const additionalData = await buildAdditionalData(credentials, hooks);
	const node = workflow.getNode(trigger.name) as INode;
	const { nodeType, webhookData } = webhookDataFor(workflow, node, additionalData);
	const context = new HookContext(
		workflow,
		node,
		additionalData,
		'webhook',
		'activate',
		webhookData,
	);
	const fn = nodeType.webhookMethods?.default?.[method];
	if (!fn) throw new Error(`${trigger.type} has no webhookMethods.default.${method}`);
	const result = (await fn.call(context)) as boolean | undefined;
	return { result, staticData: workflow.staticData as IDataObject };
}

/**
 * Adds node types that exist only in tests to the loaded package, for workflow tests that need a node
 * of n8n-nodes-base (not a dependency of this package): e.g. a stand-in for n8n's Switch node.
 */
export async function addTestNodeTypes(types: Record<string, INodeType>): Promise<void> {
	const { nodeTypes } = await loadPackage();
	const original = nodeTypes.getByName.bind(nodeTypes);
	nodeTypes.getByName = (nodeType: string) => {
		const short = nodeType.split('.').pop() as string;
		return types[short] ?? original(nodeType);
	};
}
