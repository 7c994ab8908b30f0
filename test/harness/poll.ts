/**
 * Runs a polling trigger the way n8n 2.8 runs one, through n8n-core's own classes:
 *   - activation: n8n-core's `ActiveWorkflows.add` (from its DI container), which reads the node's
 *     `pollTimes`, runs the first poll at once (a failure there fails the activation, as in n8n) and
 *     registers one cron job per poll time with the `ScheduledTaskManager`;
 *   - every poll: n8n-core's `PollContext` and `TriggersAndPollers.runPoll`, with `__emit` and
 *     `__emitError` as n8n's ActiveWorkflowManager (packages/cli/src/active-workflow-manager.ts) sets
 *     them: an emit saves the workflow's static data and starts an execution, an error is recorded as
 *     a failed execution;
 *   - manual mode ("Fetch Test Event"): n8n-core's `WorkflowExecute`, which calls `poll()` in a manual
 *     PollContext (test/harness/n8n.ts).
 * Only the clock of the scheduler is the test's: the cron jobs are captured instead of started, and
 * `tick()` runs what a cron tick runs (the poll function ActiveWorkflows registered), awaited.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowActivateMode,
} from 'n8n-workflow';
import { ActiveWorkflows, ExecutionLifecycleHooks, PollContext } from 'n8n-core';
import type { WorkflowNode } from './n8n';
import { buildAdditionalData, buildWorkflow } from './n8n';

import { Container } from './core';

export { n8nLogger } from './core';

export { controlClock } from './clock';

interface CapturedCron {
	expression: string;
	onTick: () => unknown;
}

interface SchedulerLike {
	registerCron(ctx: { workflowId: string; expression: string }, onTick: () => unknown): void;
	deregisterCrons(workflowId: string): void;
}

export interface PollRun {
	/** what `poll()` emitted (one entry per emit: the items of the trigger's first output) */
	items: IDataObject[];
	/** the error of a failed poll (n8n records a failed execution) */
	error?: Error & { description?: string; httpCode?: string };
	/** the workflow's static data as n8n saved it after this poll (only an emit saves it) */
	savedStaticData?: IDataObject;
}

export interface ActivePoller {
	workflow: Workflow;
	node: INode;
	/** the cron expressions n8n derived from `pollTimes` */
	cronExpressions: string[];
	/** every poll so far, the activation's first */
	runs: PollRun[];
	/** executions n8n would have started (one per emit) */
	executions: number;
	/** runs the scheduled poll once (what a cron tick does) and returns what it did */
	tick(): Promise<PollRun>;
	/** the node's static data as it is in memory (n8n keeps the Workflow object while active) */
	staticData(): IDataObject;
	deactivate(): Promise<void>;
}

let workflowCounter = 0;

/**
 * Activates a workflow whose first node is a polling trigger. Rejects like n8n's activation when the
 * first poll fails (WorkflowActivationError).
 */
export async function activatePoller(options: {
	node: WorkflowNode;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** static data saved before (n8n loads it from the database when it activates a workflow) */
	staticData?: IDataObject;
	activation?: WorkflowActivateMode;
}): Promise<ActivePoller> {
	const workflowId = `poll-workflow-${++workflowCounter}`;
	const workflow = await buildWorkflow({ nodes: [options.node] });
	workflow.id = workflowId;
	workflow.active = true;
	if (options.staticData) {
		workflow.staticData = JSON.parse(JSON.stringify(options.staticData)) as IDataObject;
	}
	const hooks = new ExecutionLifecycleHooks('trigger', 'poll-execution', {} as never);
	const additionalData: IWorkflowExecuteAdditionalData = await buildAdditionalData(
		options.credentials,
		hooks,
	);
	const activeWorkflows = Container.get(ActiveWorkflows);
	const scheduler = (activeWorkflows as unknown as { scheduledTaskManager: SchedulerLike })
		.scheduledTaskManager;
	const crons: CapturedCron[] = [];
	const runs: PollRun[] = [];
	let current: PollRun = { items: [] };
	let executions = 0;

	const getPollFunctions = (
		wf: Workflow,
		node: INode,
		data: IWorkflowExecuteAdditionalData,
		mode: 'trigger',
		activation: WorkflowActivateMode,
	) => {
		const emit = (emitted: INodeExecutionData[][]) => {
			// n8n: `void this.workflowStaticDataService.saveStaticData(workflow)`, then runWorkflow
			current.savedStaticData = JSON.parse(JSON.stringify(wf.staticData)) as IDataObject;
			executions++;
			for (const item of emitted[0] ?? []) current.items.push(item.json);
		};
		const emitError = (error: Error) => {
			current.error = error as PollRun['error'];
		};
		return new PollContext(wf, node, data, mode, activation, emit, emitError);
	};

	const originalRegister = scheduler.registerCron.bind(scheduler);
	scheduler.registerCron = (ctx, onTick) => {
		if (ctx.workflowId === workflowId) crons.push({ expression: ctx.expression, onTick });
		else originalRegister(ctx, onTick);
	};
	try {
		runs.push(current);
		await activeWorkflows.add(
			workflowId,
			workflow,
			additionalData,
			'trigger',
			options.activation ?? 'activate',
			() => {
				throw new Error('the workflow has no trigger nodes, only a poller');
			},
			getPollFunctions as never,
		);
	} finally {
		scheduler.registerCron = originalRegister;
	}
	const node = workflow.getNode(options.node.name) as INode;

	return {
		workflow,
		node,
		cronExpressions: crons.map((c) => c.expression),
		runs,
		get executions() {
			return executions;
		},
		async tick() {
			if (!crons.length) throw new Error('no poll time was registered');
			current = { items: [] };
			runs.push(current);
			// ActiveWorkflows' poll function never throws: a failure goes to __emitError.
			await crons[0].onTick();
			return current;
		},
		staticData() {
			return workflow.getStaticData('node', node);
		},
		async deactivate() {
			await activeWorkflows.remove(workflowId);
		},
	};
}
