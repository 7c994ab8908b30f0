'use strict';
/**
 * n8n in queue mode, as teams run it when one process is not enough: a main process (editor, API,
 * triggers and pollers), workers that run the executions (`n8n worker`), webhook processors that take
 * the production webhook calls (`n8n webhook`), Redis between them and PostgreSQL as their shared
 * database. Each process has its own user folder with the packed package installed the way n8n
 * installs community packages, as each container of a real set-up would.
 *
 * Used by the queue-mode end-to-end suite (npm run test:e2e:queue) and the chatbot latency
 * measurement. `stop()` stops every process and server and removes their data; the n8n logs are kept
 * in .n8n-run/<name>-logs/.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { N8nInstance, installPackage, freePort, freshFolder } = require('./n8n.cjs');
const { startQueueServices } = require('./services.cjs');

/**
 * The environment every process of the set-up shares (besides the database and Redis settings):
 * what the README's "Scaling out" section lists.
 */
function queueEnv(services, encryptionKey) {
	return {
		EXECUTIONS_MODE: 'queue',
		...services.env,
		N8N_ENCRYPTION_KEY: encryptionKey,
		// Runs started from the editor ("Execute workflow") go to the workers too.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		// Binary data must be where every process can read it; 'database' needs no shared folder.
		N8N_DEFAULT_BINARY_DATA_MODE: 'database',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
	};
}

/**
 * Starts Redis, PostgreSQL and n8n (main, `workers` workers, `webhookProcessors` webhook
 * processors). `prepare(main)` runs on the main instance before anything starts (import credentials
 * and workflows, publish them). Resolves `{ main, workers, webhooks, services, stop, timings }`.
 */
async function startQueueMode({
	name = 'queue',
	tarball,
	workers: workerCount = 1,
	webhookProcessors = 1,
	concurrency = 10,
	prepare,
	say = (m) => process.stderr.write(`${m}\n`),
	timeoutMs = 240_000,
}) {
	const timings = {};
	const lap = async (label, fn) => {
		const t = Date.now();
		try {
			return await fn();
		} finally {
			timings[label] = Date.now() - t;
		}
	};
	const root = freshFolder(name);
	const logsDir = `${root}-logs`;
	fs.rmSync(logsDir, { recursive: true, force: true });
	const services = await lap('redis and postgres', () => startQueueServices({ say }));
	const processes = [];
	const stop = async () => {
		for (const instance of [...processes].reverse()) {
			try {
				await instance.stop();
			} catch (error) {
				say(`stopping ${instance.role}: ${error.message}`);
			}
		}
		await services.stop();
		fs.mkdirSync(logsDir, { recursive: true });
		for (const instance of processes) {
			if (fs.existsSync(instance.logFile))
				fs.copyFileSync(instance.logFile, path.join(logsDir, `${instance.role}.log`));
		}
		fs.rmSync(root, { recursive: true, force: true });
	};
	try {
		const encryptionKey = crypto.randomBytes(24).toString('hex');
		const shared = queueEnv(services, encryptionKey);
		const make = async (role, extra = {}) => {
			const userFolder = path.join(root, role);
			fs.mkdirSync(userFolder, { recursive: true });
			const instance = new N8nInstance({
				userFolder,
				port: await freePort(),
				brokerPort: await freePort(),
				encryptionKey,
				extraEnv: { ...shared, ...extra },
			});
			instance.role = role;
			processes.push(instance);
			return instance;
		};
		const webhookPorts = [];
		for (let i = 0; i < webhookProcessors; i++) webhookPorts.push(await freePort());
		// The main process leaves production webhooks to the webhook processors, and shows their URL.
		const main = await make('main', {
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			WEBHOOK_URL: `http://127.0.0.1:${webhookPorts[0]}/`,
		});
		const workers = [];
		const makeWorker = async () => {
			const healthPort = await freePort();
			const worker = await make(`worker-${workers.length + 1}`, {
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(healthPort),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			});
			worker.healthUrl = `http://127.0.0.1:${healthPort}/healthz/readiness`;
			workers.push(worker);
			return worker;
		};
		const startWorker = (worker) =>
			worker.start({
				command: 'worker',
				args: [`--concurrency=${concurrency}`],
				readyUrl: worker.healthUrl,
				timeoutMs,
			});
		for (let i = 1; i <= workerCount; i++) await makeWorker();
		const webhooks = [];
		for (const port of webhookPorts) {
			const webhook = await make(`webhook-${webhooks.length + 1}`);
			webhook.port = port;
			webhook.url = `http://127.0.0.1:${port}`;
			webhook.extraEnv = {
				...webhook.extraEnv,
				N8N_PORT: String(port),
				N8N_EDITOR_BASE_URL: `${main.url}/`,
				WEBHOOK_URL: `${webhook.url}/`,
			};
			webhooks.push(webhook);
		}
		await lap('install package', async () => {
			for (const instance of processes)
				await installPackage(
					instance.userFolder,
					tarball,
					path.join(instance.userFolder, 'npm-install.log'),
				);
		});
		if (prepare) await lap('import', () => prepare(main));
		await lap('main start', () => main.start({ timeoutMs }));
		await lap('workers and webhook processors start', () =>
			Promise.all([
				...workers.map(startWorker),
				...webhooks.map((webhook) => webhook.start({ command: 'webhook', timeoutMs })),
			]),
		);
		/** One more worker (its own user folder, the package installed), started; resolves it. */
		const addWorker = async () => {
			const worker = await makeWorker();
			await installPackage(
				worker.userFolder,
				tarball,
				path.join(worker.userFolder, 'npm-install.log'),
			);
			await startWorker(worker);
			return worker;
		};
		return { main, workers, webhooks, services, stop, addWorker, timings, logsDir };
	} catch (error) {
		await stop();
		throw error;
	}
}

module.exports = { startQueueMode, queueEnv };
