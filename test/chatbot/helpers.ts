/** Shared pieces of the chatbot suites. */
import path from 'node:path';
import { ExecuteContext, ExecutionLifecycleHooks, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypes,
} from 'n8n-workflow';
import { createRunExecutionData, NodeConnectionTypes, Workflow } from 'n8n-workflow';

import type { WorkflowNode } from '../harness/n8n';
import { buildAdditionalData, loadPackage, PACKAGE_ROOT } from '../harness/n8n';
import type { UserlikeSimulator } from '../simulator';
import { createUserlikeSimulator } from '../simulator';
import type { ChatbotApi } from '../simulator/chatbot';
import { addChatbotApi } from '../simulator/chatbot';

export function replyNode(
	name: string,
	parameters: IDataObject,
	credentials: string[] = [],
): WorkflowNode {
	return {
		name,
		type: 'userlikeChatbot',
		parameters: { delivery: 'webhookResponse', ...parameters },
		credentials,
	};
}

/** The pacer the node uses: the same module instance, loaded from dist/ as n8n loads the package. */
export function chatbotPacer(): {
	now: () => number;
	reserve(key: string): number;
	count(key: string): number;
} {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const pacing = require(path.join(PACKAGE_ROOT, 'dist/nodes/UserlikeChatbot/pacing.js'));
	return pacing.chatbotPacer;
}

export function pacerKey(apiUrl: string, cid: string): string {
	return JSON.stringify([apiUrl, cid]);
}

/** Records `count` requests for a chat session at `at` (ms since epoch) in the node's pacer. */
export function prefillPacer(apiUrl: string, cid: string, count: number, at: number): void {
	const pacer = chatbotPacer();
	const clock = pacer.now;
	pacer.now = () => at;
	try {
		for (let i = 0; i < count; i++) pacer.reserve(pacerKey(apiUrl, cid));
	} finally {
		pacer.now = clock;
	}
}

/**
 * Runs a credential's declarative `test` the way n8n's CredentialsTester does (packages/cli/src/services/
 * credentials-tester.service.ts, n8n 2.8): the request goes through n8n-core's RoutingNode with the
 * credential's `authenticate`, and a failure is reported by the tester's steps.
 */
export async function runCredentialTest(
	type: string,
	data: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult> {
	const { credentialTypes } = await loadPackage();
	const credentialType = credentialTypes.get(type);
	const testRequest = credentialType?.test;
	if (!testRequest) throw new Error(`${type} has no declarative test`);
	const nodeType = {
		description: {
			displayName: 'Temp',
			name: 'temp',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: type, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	} as unknown as INodeType;
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'temp',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [type]: { id: 'cred', name: 'cred' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const hooks = new ExecutionLifecycleHooks('internal', 'credential-test', {} as never);
	const additionalData = await buildAdditionalData({ [type]: data }, hooks);
	const inputData = { main: [[{ json: {} }]] };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData(),
		0,
		[],
		inputData,
		{ node, data: {}, source: null },
		[],
	);
	const routingNode = new RoutingNode(context, nodeType, { id: 'cred', name: 'cred', type, data });
	try {
		await routingNode.runNode();
	} catch (error) {
		// The tester's own steps, unchanged.
		const cause = (
			error as { cause?: { response?: { status: number; statusText?: string }; code?: string } }
		).cause;
		if (cause?.response) {
			const statusCode = cause.response.status;
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === statusCode) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (statusCode < 199 || statusCode > 299) {
				return {
					status: 'Error',
					message: cause.response.statusText || `Received HTTP status code: ${statusCode}`,
				};
			}
		} else if (cause?.code) {
			return { status: 'Error', message: cause.code };
		}
		return { status: 'Error', message: (error as Error).message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/**
 * A stand-in for n8n's Switch node (n8n-nodes-base is not a dependency of this package): routes each
 * item to the output its `output` parameter (an expression) names.
 */
export const testSwitchNode: INodeType = {
	description: {
		displayName: 'Test Switch',
		name: 'testSwitch',
		group: ['transform'],
		version: 1,
		description: 'Routes items by an expression',
		defaults: { name: 'Switch' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		properties: [{ displayName: 'Output', name: 'output', type: 'number', default: 0 }],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const outputs: INodeExecutionData[][] = [[], [], []];
		this.getInputData().forEach((item, itemIndex) => {
			const output = this.getNodeParameter('output', itemIndex) as number;
			outputs[output].push({ ...item, pairedItem: { item: itemIndex } });
		});
		return outputs;
	},
};

/**
 * One simulator with the chatbot API URL per test file, reset before each test. Read `sim` and `bot`
 * inside tests (they are set in beforeAll).
 */
export function useChatbotApi(): { sim: UserlikeSimulator; bot: ChatbotApi } {
	const context = {} as { sim: UserlikeSimulator; bot: ChatbotApi };
	beforeAll(async () => {
		context.sim = await createUserlikeSimulator();
		context.bot = addChatbotApi(context.sim);
	});
	afterAll(async () => {
		await context.sim.close();
	});
	beforeEach(() => {
		context.sim.reset();
		context.bot.reset();
	});
	return context;
}
