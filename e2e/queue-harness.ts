/**
 * The queue-mode harness (npm run test:e2e:queue): the suite's sandbox and imports (harness.ts) in n8n
 * queue mode — Redis, PostgreSQL, a main process, workers and a webhook processor, each with the
 * packed package installed the way n8n installs community packages (scripts/lib/queue.cjs).
 */
import fs from 'node:fs';
import path from 'node:path';

import { importInto, startSandbox, suiteImports, type E2eContext } from './harness';

const { ensureHost } = require('../scripts/lib/host.cjs');
const { packPackage, freshFolder } = require('../scripts/lib/n8n.cjs');
const { stopAll } = require('../scripts/lib/processes.cjs');
const { startQueueMode } = require('../scripts/lib/queue.cjs');

export interface QueueContext extends E2eContext {
	/** `{ main, workers, webhooks, services, stop }` from scripts/lib/queue.cjs */
	queue: any;
}

export async function startQueueE2e(
	extra: (ctx: { sandboxUrl: string }) => any[],
	{ publish = [], workers = 1 }: { publish?: string[]; workers?: number } = {},
): Promise<QueueContext> {
	const say = (m: string) => process.stderr.write(`${m}\n`);
	const started = Date.now();
	await ensureHost({ say });
	const hostMs = Date.now() - started;
	const sandbox = await startSandbox();
	const packDir = freshFolder('queue-pack');
	const tarball = await packPackage(packDir);
	const imports = suiteImports(sandbox, extra);
	let queue: any;
	try {
		queue = await startQueueMode({
			tarball,
			workers,
			prepare: (main: any) => importInto(main, imports, publish),
			say,
		});
	} catch (error) {
		await sandbox.sim.close();
		throw error;
	}
	const [webhook] = queue.webhooks;
	const webhooks: Record<string, string> = {};
	for (const t of imports.triggers) webhooks[t.workflowId] = `${webhook.url}/webhook/${t.path}`;
	const mcp: Record<string, string> = {};
	for (const s of imports.mcpServers) mcp[s.workflowId] = `${webhook.url}/${s.path}`;
	return {
		...sandbox,
		n8n: queue.main,
		queue,
		webhookSecret: imports.webhookSecret,
		webhooks,
		mcp,
		mcpToken: imports.mcpToken,
		timings: { 'n8n host': hostMs, ...queue.timings },
	};
}

export async function stopQueueE2e(ctx: QueueContext | undefined): Promise<void> {
	try {
		await ctx?.queue.stop();
	} finally {
		await ctx?.sim.close();
		await stopAll(10_000);
	}
}

/** The log of one n8n process of the set-up (main, worker-1, webhook-1, …). */
export function processLog(ctx: QueueContext, role: string): string {
	const instance = [ctx.queue.main, ...ctx.queue.workers, ...ctx.queue.webhooks].find(
		(i: any) => i.role === role,
	);
	if (!instance) throw new Error(`no n8n process "${role}"`);
	return fs.existsSync(instance.logFile) ? fs.readFileSync(instance.logFile, 'utf8') : '';
}

/**
 * Which processes logged that they took execution `id` ("Worker started execution <id> (job …)"; the
 * "finished" line may follow a moment after n8n saved the result, so it is not waited for).
 */
export function processesThatRan(ctx: QueueContext, id: number | string): string[] {
	const roles = [ctx.queue.main, ...ctx.queue.workers, ...ctx.queue.webhooks].map(
		(i: any) => i.role,
	);
	return roles.filter((role) => processLog(ctx, role).includes(`Worker started execution ${id} `));
}

export function logsDir(ctx: QueueContext): string {
	return path.relative(process.cwd(), ctx.queue.logsDir);
}
