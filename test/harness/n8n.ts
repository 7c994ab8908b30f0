/**
 * Runs the package's nodes the way n8n runs them: the package is loaded from `dist/` by n8n-core's
 * PackageDirectoryLoader (so a packaging mistake fails the tests), workflows run through n8n-core's
 * real WorkflowExecute, and HTTP goes through n8n-core's httpRequestWithAuthentication with the
 * credential's own `authenticate`. Only the credential store is replaced: decrypted data comes from
 * the test instead of n8n's database.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IDataObject,
	IExecuteResponsePromiseData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IRun,
	IVersionedNodeType,
	IWorkflowSettings,
	IWorkflowExecuteAdditionalData,
	IConnections,
} from 'n8n-workflow';
import {
	createDeferredPromise,
	createRunExecutionData,
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
} from 'n8n-workflow';
import {
	Credentials,
	ExecutionLifecycleHooks,
	PackageDirectoryLoader,
	WorkflowExecute,
} from 'n8n-core';
import path from 'node:path';

import { noteNodesRun, shutDownCore } from './core';

// Every test file that runs nodes loads this harness: end what n8n-core leaves running when it is
// done, so that jest exits on its own.
afterAll(shutDownCore);

export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');
export const PACKAGE_NAME = 'n8n-nodes-userlike';

export interface LoadedPackage {
	loader: PackageDirectoryLoader;
	nodeTypes: INodeTypes;
	credentialTypes: Map<string, ICredentialType>;
}

let loaded: Promise<LoadedPackage> | undefined;

/** Loads dist/ with n8n-core's loader, as n8n does for an installed community package. */
export async function loadPackage(): Promise<LoadedPackage> {
	loaded ??= (async () => {
		const loader = new PackageDirectoryLoader(PACKAGE_ROOT);
		await loader.loadAll();
		const credentialTypes = new Map<string, ICredentialType>();
		for (const [name, { type }] of Object.entries(loader.credentialTypes)) {
			credentialTypes.set(name, type);
		}
		const nodeTypes: INodeTypes = {
			getByName(nodeType: string): INodeType | IVersionedNodeType {
				const short = nodeType.replace(`${PACKAGE_NAME}.`, '');
				const entry = loader.nodeTypes[short];
				if (!entry) throw new Error(`Unknown node type: ${nodeType}`);
				return entry.type;
			},
			getByNameAndVersion(nodeType: string, version?: number): INodeType {
				return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
			},
			getKnownTypes() {
				return {};
			},
		};
		return { loader, nodeTypes, credentialTypes };
	})();
	return await loaded;
}

/** How often nodes had a credential decrypted (n8n reads it from its database each time). */
export const credentialReads: Record<string, number> = {};

/**
 * n8n's credential helper, minus the database: `authenticate` is applied exactly as n8n's
 * CredentialsHelper does (a function is called; a generic map has its expressions resolved).
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly credentialTypes: Map<string, ICredentialType>,
		private readonly data: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const type = this.credentialTypes.get(typeName);
		if (!type) throw new Error(`Unknown credential type ${typeName}`);
		if (typeof type.authenticate === 'function') {
			// As n8n's CredentialsHelper: a method call on the credential type, no expression resolved.
			return await type.authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		const { authenticate } = type;
		const options = requestOptions as IHttpRequestOptions & Record<string, IDataObject>;
		if (authenticate?.type === 'generic') {
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
					const resolve = (text: string) =>
						text.startsWith('=')
							? String(
									workflow.expression.getSimpleParameterValue(
										node,
										text,
										'internal',
										{ $credentials: credentials },
										undefined,
										'',
									) ?? '',
								)
							: text;
					options[outerKey] ??= {};
					options[outerKey][resolve(key)] = resolve(value);
				}
			}
		}
		return options;
	}

	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentials> {
		return new Credentials({ id: nodeCredentials.id, name: nodeCredentials.name }, type, '');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.data[type];
		if (!data) throw new Error(`The test gave no credential of type ${type}`);
		credentialReads[type] = (credentialReads[type] ?? 0) + 1;
		// Defaults come from the credential's properties, as n8n applies them.
		const defaults: ICredentialDataDecryptedObject = {};
		for (const property of this.credentialTypes.get(type)?.properties ?? []) {
			defaults[property.name] = property.default as string;
		}
		return { ...defaults, ...data };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.credentialTypes.get(type)?.properties ?? [];
	}
}

export interface WorkflowNode {
	name: string;
	/** Short type, e.g. "userlike". */
	type: string;
	parameters: IDataObject;
	typeVersion?: number;
	/** Credential types the node uses, e.g. ["userlikeApi"]. */
	credentials?: string[];
	continueOnFail?: boolean;
	webhookId?: string;
}

export interface RunOptions {
	nodes: WorkflowNode[];
	/** Linear chain by default: each node feeds the next. */
	connections?: IConnections;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Items given to the first node. */
	input?: INodeExecutionData[];
	mode?: 'manual' | 'trigger' | 'webhook';
	/** Execution data to resume from (e.g. after a webhook started the run). */
	startNode?: string;
	/** Workflow settings, e.g. `{ timezone: 'Europe/Berlin' }`. */
	settings?: IWorkflowSettings;
}

export interface RunResult {
	run: IRun;
	/** Items of each node's first output, by node name (last run of that node). */
	output: Record<string, INodeExecutionData[]>;
	/** Everything the nodes gave to `this.sendResponse` (the webhook's HTTP response). */
	responses: IExecuteResponsePromiseData[];
	/** The error that stopped the workflow, if any. */
	error?: Error & { description?: string; httpCode?: string; context?: IDataObject };
}

export function toINodes(nodes: WorkflowNode[]): INode[] {
	return nodes.map((node, index) => ({
		id: `node-${index}`,
		name: node.name,
		type: `${PACKAGE_NAME}.${node.type}`,
		typeVersion: node.typeVersion ?? 1,
		position: [index * 200, 0],
		parameters: node.parameters as INode['parameters'],
		credentials: Object.fromEntries(
			(node.credentials ?? []).map((type) => [type, { id: `${type}-id`, name: `${type} test` }]),
		),
		...(node.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		...(node.webhookId ? { webhookId: node.webhookId } : {}),
	}));
}

export function chainConnections(nodes: WorkflowNode[]): IConnections {
	const connections: IConnections = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return connections;
}

export async function buildWorkflow(options: RunOptions): Promise<Workflow> {
	const { nodeTypes } = await loadPackage();
	return new Workflow({
		id: 'test-workflow',
		name: 'test',
		nodes: toINodes(options.nodes),
		connections: options.connections ?? chainConnections(options.nodes),
		nodeTypes,
		active: false,
		settings: options.settings ?? {},
	});
}

export async function buildAdditionalData(
	credentials: Record<string, ICredentialDataDecryptedObject>,
	hooks: ExecutionLifecycleHooks,
): Promise<IWorkflowExecuteAdditionalData> {
	noteNodesRun();
	const { credentialTypes } = await loadPackage();
	const unsupported = async () => {
		throw new Error('Not available in the test harness');
	};
	return {
		credentialsHelper: new TestCredentialsHelper(credentialTypes, credentials),
		hooks,
		executeWorkflow: unsupported,
		getRunExecutionData: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		variables: {},
		logAiEvent: () => {},
		startRunnerTask: unsupported,
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** Runs a workflow through n8n-core's WorkflowExecute and collects what each node put out. */
export async function runWorkflow(options: RunOptions): Promise<RunResult> {
	const workflow = await buildWorkflow(options);
	const mode = options.mode ?? 'manual';
	const hooks = new ExecutionLifecycleHooks(mode, 'test-execution', {
		id: 'test-workflow',
		name: 'test',
		active: false,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: workflow.nodes ? Object.values(workflow.nodes) : [],
		connections: workflow.connectionsBySourceNode,
		settings: options.settings ?? {},
		activeVersionId: null,
	} as never);
	const responses: IExecuteResponsePromiseData[] = [];
	hooks.addHandler('sendResponse', (response) => {
		responses.push(response);
	});
	const finished = createDeferredPromise<IRun>();
	hooks.addHandler('workflowExecuteAfter', (run) => finished.resolve(run));

	const additionalData = await buildAdditionalData(options.credentials ?? {}, hooks);
	const startName = options.startNode ?? options.nodes[0].name;
	const startNode = workflow.getNode(startName);
	if (!startNode) throw new Error(`No node named ${startName}`);
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: startNode, data: { main: [options.input ?? [{ json: {} }]] }, source: null },
			],
		},
	});
	const workflowExecute = new WorkflowExecute(additionalData, mode, runExecutionData);
	await workflowExecute.processRunExecutionData(workflow);
	const run = await finished.promise;

	const output: Record<string, INodeExecutionData[]> = {};
	for (const [name, taskData] of Object.entries(run.data.resultData.runData)) {
		const last = taskData[taskData.length - 1];
		output[name] = last?.data?.main?.[0] ?? [];
	}
	return {
		run,
		output,
		responses,
		error: run.data.resultData.error as RunResult['error'],
	};
}

/** Runs one Userlike action node with the given parameters and input items. */
export async function runUserlike(
	parameters: IDataObject,
	credentials: ICredentialDataDecryptedObject,
	extra: {
		input?: INodeExecutionData[];
		continueOnFail?: boolean;
		settings?: IWorkflowSettings;
	} = {},
): Promise<RunResult & { items: IDataObject[] }> {
	const result = await runWorkflow({
		nodes: [
			{
				name: 'Userlike',
				type: 'userlike',
				parameters,
				credentials: ['userlikeApi'],
				continueOnFail: extra.continueOnFail,
			},
		],
		credentials: { userlikeApi: credentials },
		input: extra.input,
		settings: extra.settings,
	});
	return { ...result, items: (result.output.Userlike ?? []).map((item) => item.json) };
}
