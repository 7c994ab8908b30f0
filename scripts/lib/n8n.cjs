'use strict';
/**
 * Running this package in a real n8n (the pinned host in n8n-host/): pack the package, install the
 * tarball the way n8n installs community packages, import credentials and workflows with n8n's CLI,
 * start and stop the server. Shared by `npm start` (scripts/start.mjs) and the end-to-end suite.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { ROOT, RUN_DIR, HOST_NODE, ensureRunDir, n8nBin, pinnedVersion } = require('./host.cjs');
const { run, spawnGroup } = require('./processes.cjs');

const PACKAGE_NAME = 'n8n-nodes-userlike';
/** The owner account of the sandbox (`npm start`) and of the suites' n8n instances. */
const SANDBOX_OWNER = {
	email: 'sandbox@example.com',
	password: 'Sandbox-2024',
	firstName: 'Sandbox',
	lastName: 'Owner',
};
const ROOT_PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** A free TCP port on 127.0.0.1 (`preferred` if it is free). */
async function freePort(preferred) {
	const tryPort = (port) =>
		new Promise((resolve) => {
			const server = net.createServer();
			server.once('error', () => resolve(undefined));
			server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
				const { port: got } = server.address();
				server.close(() => resolve(got));
			});
		});
	if (preferred) {
		const got = await tryPort(preferred);
		if (got) return got;
	}
	const got = await tryPort(0);
	if (!got) throw new Error('no free port on 127.0.0.1');
	return got;
}

async function portIsFree(port) {
	return (await freePort(port)) === port;
}

/** Whether the package's built files are there (package.json `n8n.nodes` and `n8n.credentials`). */
function builtFilesMissing() {
	return [...(ROOT_PACKAGE.n8n.nodes ?? []), ...(ROOT_PACKAGE.n8n.credentials ?? [])].filter(
		(file) => !fs.existsSync(path.join(ROOT, file)),
	);
}

/** `npm pack` of the repository into `destination`; returns the tarball's path. */
async function packPackage(destination) {
	fs.mkdirSync(destination, { recursive: true });
	const missing = builtFilesMissing();
	if (missing.length)
		throw new Error(`the package is not built (${missing.join(', ')} missing): run npm run build`);
	const result = await run(
		'npm pack',
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', destination],
		{
			cwd: ROOT,
			timeoutMs: 120_000,
		},
	);
	if (result.code !== 0) throw new Error(`npm pack failed:\n${result.stderr}`);
	const [{ filename }] = JSON.parse(result.stdout.slice(result.stdout.indexOf('[')));
	return path.join(destination, path.basename(filename));
}

/**
 * Installs the tarball the way n8n installs a community package (n8n 2.8's
 * CommunityPackagesService.downloadPackage, with the tarball `npm pack` made instead of one fetched
 * from the registry): unpack it into `$N8N_USER_FOLDER/.n8n/nodes/node_modules/<name>`, drop its
 * dev/peer/optional dependencies from its package.json (n8n provides n8n-workflow itself), run n8n's
 * `npm install` inside it, and record it in `.n8n/nodes/package.json`. n8n loads every
 * `n8n-nodes-*` package in that node_modules folder at start.
 */
async function installPackage(userFolder, tarball, logFile) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.mkdirSync(nodesDir, { recursive: true });
	const manifest = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(manifest)) {
		fs.writeFileSync(
			manifest,
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
		);
	}
	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.mkdirSync(packageDir, { recursive: true });
	const untar = await run(
		'tar',
		'tar',
		['-xzf', tarball, '-C', packageDir, '--strip-components=1'],
		{ timeoutMs: 60_000 },
	);
	if (untar.code !== 0) throw new Error(`unpacking ${tarball} failed: ${untar.stderr}`);
	const packageJsonPath = path.join(packageDir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...packageJson } = JSON.parse(
		fs.readFileSync(packageJsonPath, 'utf8'),
	);
	void devDependencies;
	void peerDependencies;
	void optionalDependencies;
	fs.writeFileSync(packageJsonPath, JSON.stringify(packageJson, null, 2));
	const install = await run(
		'npm install (package)',
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		],
		{ cwd: packageDir, logFile, timeoutMs: 300_000 },
	);
	if (install.code !== 0)
		throw new Error(`npm install in ${packageDir} failed:\n${install.stderr}`);
	const nodesManifest = JSON.parse(fs.readFileSync(manifest, 'utf8'));
	nodesManifest.dependencies = {
		...nodesManifest.dependencies,
		[PACKAGE_NAME]: packageJson.version,
	};
	fs.writeFileSync(manifest, JSON.stringify(nodesManifest, null, 2));
	return packageJson.version;
}

/** The environment n8n runs with: everything local, nothing phoned home. */
function n8nEnv({ userFolder, port, brokerPort, encryptionKey, extra = {} }) {
	const env = { ...process.env };
	// Settings of the caller's shell that would point n8n elsewhere.
	for (const key of Object.keys(env)) {
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|GENERIC_TIMEZONE$)/.test(key)) delete env[key];
	}
	// npm's own variables (we may run under `npm start`) must not leak into the npm calls n8n makes, nor
	// jest's: with NODE_ENV=test n8n silences its logger and behaves as in its own unit tests.
	for (const key of Object.keys(env))
		if (key.startsWith('npm_') || key.startsWith('JEST_')) delete env[key];
	delete env.NODE_ENV;
	return {
		...env,
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_ENCRYPTION_KEY: encryptionKey,
		N8N_RUNNERS_MODE: 'internal',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		// No lookups of n8n's verified-community-nodes API (api.n8n.io): offline they only fill the log
		// with ENOTFOUND every few minutes. Installed packages such as this one load all the same.
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		// Community nodes as AI Agent tools: n8n 2.x gives every node with usableAsTool a Tool variant
		// and reads no such switch; older n8n 1.x releases needed it. Set for older hosts.
		N8N_COMMUNITY_PACKAGES_ALLOW_TOOL_USAGE: 'true',
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '2',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		NO_COLOR: '1',
		...extra,
	};
}

/** What each n8n server command logs once it is ready. */
const READY_LINES = {
	start: 'Editor is now accessible',
	worker: 'n8n worker is now ready',
	webhook: 'Webhook listener waiting for requests',
};

/**
 * An n8n instance: a user folder, ports and an encryption key. `cli()` runs an n8n CLI command
 * (with its own task-broker port, so that it can run beside the server), `start()` the server.
 */
class N8nInstance {
	/** `encryptionKey`: shared by every process of one queue-mode set-up (random otherwise). */
	constructor({ userFolder, port, brokerPort, logFile, extraEnv = {}, encryptionKey }) {
		this.userFolder = userFolder;
		this.port = port;
		this.brokerPort = brokerPort;
		this.logFile = logFile ?? path.join(userFolder, 'n8n.log');
		this.extraEnv = extraEnv;
		this.url = `http://127.0.0.1:${port}`;
		this.encryptionKey = encryptionKey ?? crypto.randomBytes(24).toString('hex');
		this.server = undefined;
	}

	env(brokerPort = this.brokerPort) {
		return n8nEnv({
			userFolder: this.userFolder,
			port: this.port,
			brokerPort,
			encryptionKey: this.encryptionKey,
			extra: this.extraEnv,
		});
	}

	/** Runs `n8n <args>`; resolves `{ code, stdout, stderr }`. Never piped into `head` (n8n would spin). */
	async cli(args, { timeoutMs = 180_000 } = {}) {
		const brokerPort = await freePort();
		fs.appendFileSync(this.logFile, `\n$ n8n ${args.join(' ')}\n`);
		return await run(`n8n ${args[0]}`, HOST_NODE, [n8nBin(), ...args], {
			cwd: this.userFolder,
			env: this.env(brokerPort),
			logFile: this.logFile,
			timeoutMs,
		});
	}

	async cliOrThrow(args, options) {
		const result = await this.cli(args, options);
		if (result.code !== 0) {
			throw new Error(
				`n8n ${args.join(' ')} failed (exit ${result.code}):\n${tail(`${result.stdout}\n${result.stderr}`, 40)}`,
			);
		}
		return result;
	}

	/** Imports credentials (plain-text `data` is accepted and encrypted by n8n). */
	async importCredentials(credentials) {
		const file = path.join(this.userFolder, 'import-credentials.json');
		fs.writeFileSync(file, JSON.stringify(credentials, null, 2));
		await this.cliOrThrow(['import:credentials', `--input=${file}`]);
		fs.rmSync(file);
	}

	/** Imports workflow JSON files (or objects), all in one CLI call. */
	async importWorkflows(workflows) {
		const dir = path.join(this.userFolder, 'import-workflows');
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir);
		workflows.forEach((workflow, index) => {
			const data =
				typeof workflow === 'string' ? JSON.parse(fs.readFileSync(workflow, 'utf8')) : workflow;
			fs.writeFileSync(
				path.join(dir, `${String(index).padStart(3, '0')}.json`),
				JSON.stringify(data, null, 2),
			);
		});
		await this.cliOrThrow(['import:workflow', '--separate', `--input=${dir}`]);
		fs.rmSync(dir, { recursive: true, force: true });
	}

	/**
	 * Activates a workflow (n8n 2.x: publishes its current version; n8n 1.x, which has no versions:
	 * sets it active). Takes effect at the next start.
	 */
	async publish(workflowId) {
		if (Number(pinnedVersion().split('.')[0]) < 2)
			await this.cliOrThrow(['update:workflow', `--id=${workflowId}`, '--active=true']);
		else await this.cliOrThrow(['publish:workflow', `--id=${workflowId}`]);
	}

	/**
	 * `n8n execute --id=X --rawOutput`: the run's JSON (it follows n8n's log lines). Resolves
	 * `{ ok, run, output }`; `run` is n8n's IRun (`run.data.resultData.runData[nodeName]`).
	 */
	async execute(workflowId, { timeoutMs = 180_000 } = {}) {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], { timeoutMs });
		const output = `${result.stdout}\n${result.stderr}`;
		// n8n 2.41's CLI now and then ends by a signal (code 128 here) after it printed the whole run:
		// the run counts when its JSON is complete and says it finished successfully (a failed run
		// makes `n8n execute` exit 1).
		const ended = result.code === 0 || result.code === 128;
		let parsed = ended ? extractJson(result.stdout) : undefined;
		if (result.code === 128 && parsed && !(parsed.finished === true || parsed.status === 'success'))
			parsed = undefined;
		return {
			ok: ended && parsed !== undefined,
			code: result.code,
			run: parsed,
			output,
		};
	}

	/**
	 * Starts `n8n start` (or, in queue mode, `n8n worker` / `n8n webhook`: `command` and `args`) in its
	 * own process group and waits until it has logged that it is ready and its readiness URL answers
	 * 200 (`readyUrl`, null for none; /healthz/readiness on its port by default). Fails with the tail of
	 * n8n's log otherwise.
	 */
	async start({ timeoutMs = 180_000, onLine, command = 'start', args = [], readyUrl } = {}) {
		const readyLine = READY_LINES[command];
		if (!readyLine) throw new Error(`n8n ${command}: not a server command`);
		const probe = readyUrl === undefined ? `${this.url}/healthz/readiness` : readyUrl;
		if (command !== 'worker' && !(await portIsFree(this.port)))
			throw new Error(`port ${this.port} on 127.0.0.1 is in use: is another n8n running?`);
		fs.appendFileSync(this.logFile, `\n$ n8n ${[command, ...args].join(' ')}\n`);
		let editorReady = false;
		this.server = spawnGroup(`n8n ${command}`, HOST_NODE, [n8nBin(), command, ...args], {
			cwd: this.userFolder,
			env: this.env(),
			logFile: this.logFile,
			onLine: (line, stream) => {
				if (line.includes(readyLine)) editorReady = true;
				onLine?.(line, stream);
			},
		});
		let exitCode;
		this.server.exited.then((code) => {
			exitCode = code;
		});
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (exitCode !== undefined) {
				throw new Error(
					`n8n exited (code ${exitCode}) before it was ready. Last lines of ${this.logFile}:\n${this.logTail()}`,
				);
			}
			if (editorReady && (probe === null || (await httpStatus(probe)) === 200)) return;
			await sleep(500);
		}
		await this.stop();
		throw new Error(
			`n8n was not ready after ${timeoutMs / 1000} s. Last lines of ${this.logFile}:\n${this.logTail()}`,
		);
	}

	async stop() {
		if (this.server) await this.server.stop(15_000);
		this.server = undefined;
	}

	logTail(lines = 60) {
		try {
			return tail(fs.readFileSync(this.logFile, 'utf8'), lines);
		} catch {
			return '(no log)';
		}
	}

	/** Creates the owner account (n8n asks for one on first visit); resolves the session cookie. */
	async setupOwner({ email, password, firstName = 'Sandbox', lastName = 'Owner' } = SANDBOX_OWNER) {
		this.owner = { email, password };
		const response = await fetch(`${this.url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ email, password, firstName, lastName }),
		});
		if (!response.ok)
			throw new Error(`owner setup answered ${response.status}: ${await response.text()}`);
		return response.headers.get('set-cookie');
	}

	/**
	 * The executions n8n saved for a workflow (`[{ id, status, mode, finished }]`, oldest first), read
	 * through n8n's public REST API (`GET /api/v1/executions`) with an API key of the sandbox owner
	 * (`apiKey()`), the same way on every host and in queue mode (where the main process answers it).
	 * The API leaves the executions that are running out of its list unless asked for them by status,
	 * so both lists are read; an execution queued and not yet started (queue mode's status 'new') is in
	 * neither until a worker starts it.
	 */
	async executions(workflowId) {
		// n8n 2.41 leaves an execution out of both lists while it runs with its stored status still
		// 'new' (it excludes what runs in memory, and filters by the stored status): read until two reads
		// a second apart agree (bounded), so that one that just answered its webhook is counted.
		let previous = await this.executionList(workflowId);
		const until = Date.now() + 15_000;
		for (;;) {
			await sleep(1000);
			const current = await this.executionList(workflowId);
			if (JSON.stringify(current) === JSON.stringify(previous) || Date.now() > until)
				return current;
			previous = current;
		}
	}

	/** One read of both lists (see `executions`). */
	async executionList(workflowId) {
		const byId = new Map();
		// n8n 1.x's public API takes no status "running" (400: allowed values error, success, waiting):
		// there only the finished ones are listed, and `executions()` waits for the list to settle.
		const statuses = this.runningFilter === false ? [undefined] : [undefined, 'running'];
		for (const status of statuses) {
			let list;
			try {
				list = await this.publicApiList('/executions', { workflowId, status });
			} catch (error) {
				if (status !== 'running' || !/answered 400 .*allowed values/.test(error.message))
					throw error;
				this.runningFilter = false;
				continue;
			}
			for (const execution of list) byId.set(String(execution.id), execution);
		}
		return [...byId.values()]
			.sort((a, b) => Number(a.id) - Number(b.id))
			.map(({ id, status, mode, finished, stoppedAt, waitTill }) => ({
				id: Number(id),
				// n8n 1.x's public API has no status field: it follows from finished/stoppedAt/waitTill.
				status:
					status ?? (finished ? 'success' : waitTill ? 'waiting' : stoppedAt ? 'error' : 'running'),
				mode,
				finished,
			}));
	}

	/** n8n's stored data of one execution (its run data, through the public API), as JSON text. */
	async executionData(executionId) {
		const execution = await this.publicApi(
			`/executions/${encodeURIComponent(executionId)}?includeData=true`,
		);
		return execution?.data ? JSON.stringify(execution.data) : '';
	}

	/** Every page of a public API list (bounded: 40 pages of 250). */
	async publicApiList(pathname, query = {}) {
		const items = [];
		let cursor;
		for (let page = 0; page < 40; page++) {
			const params = new URLSearchParams({ limit: '250' });
			for (const [key, value] of Object.entries(query)) {
				if (value !== undefined) params.set(key, String(value));
			}
			if (cursor) params.set('cursor', cursor);
			const body = await this.publicApi(`${pathname}?${params}`);
			items.push(...body.data);
			cursor = body.nextCursor;
			if (!cursor) return items;
		}
		throw new Error(`n8n's public API listed more than 40 pages of ${pathname}`);
	}

	/** A GET of n8n's public REST API (`/api/v1`), authenticated with `apiKey()`. */
	async publicApi(pathAndQuery) {
		const response = await fetch(`${this.url}/api/v1${pathAndQuery}`, {
			headers: { 'X-N8N-API-KEY': await this.apiKey(), Accept: 'application/json' },
			signal: AbortSignal.timeout(30_000),
		});
		const text = await response.text();
		if (!response.ok) {
			throw new Error(
				`n8n's public API answered ${response.status} to GET /api/v1${pathAndQuery}: ${text.slice(0, 300)}`,
			);
		}
		return JSON.parse(text);
	}

	/**
	 * An API key for n8n's public API, made once per instance the way a user makes one (Settings > n8n
	 * API): the owner is set up (or logs in, when the instance has one already), then
	 * `POST /rest/api-keys` with the scopes the harness reads.
	 */
	async apiKey() {
		if (this.publicApiKey) return this.publicApiKey;
		const cookie = this.owner ? await this.login(this.owner) : await this.setupOwner(SANDBOX_OWNER);
		const response = await fetch(`${this.url}/rest/api-keys`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Cookie: cookie },
			body: JSON.stringify({
				label: 'userlike e2e',
				scopes: ['execution:read', 'execution:list'],
				expiresAt: null,
			}),
			signal: AbortSignal.timeout(30_000),
		});
		const text = await response.text();
		if (!response.ok)
			throw new Error(`creating an n8n API key answered ${response.status}: ${text.slice(0, 300)}`);
		const { data } = JSON.parse(text);
		this.publicApiKey = data.rawApiKey ?? data.apiKey;
		return this.publicApiKey;
	}

	/** Logs the owner in; resolves the session cookie. */
	async login({ email, password }) {
		const response = await fetch(`${this.url}/rest/login`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: email, password }),
			signal: AbortSignal.timeout(30_000),
		});
		if (!response.ok)
			throw new Error(`n8n login answered ${response.status}: ${await response.text()}`);
		return response.headers.get('set-cookie');
	}

	/** The node types n8n loaded (from its frontend types cache); the package's ones, unprefixed. */
	loadedPackageNodes() {
		const file = path.join(
			this.userFolder,
			'.n8n',
			'.cache',
			'n8n',
			'public',
			'types',
			'nodes.json',
		);
		const alt = path.join(this.userFolder, '.cache', 'n8n', 'public', 'types', 'nodes.json');
		const found = [file, alt].find((f) => fs.existsSync(f));
		if (!found) return undefined;
		const nodes = JSON.parse(fs.readFileSync(found, 'utf8'));
		return [
			...new Set(nodes.map((n) => n.name).filter((n) => n.startsWith(`${PACKAGE_NAME}.`))),
		].sort();
	}
}

/**
 * The run data JSON in `n8n execute --rawOutput` output: n8n prints log lines before it (and, as its
 * task runner stops, after it). The JSON is pretty-printed, so it starts with a line "{" and ends with a
 * line "}".
 */
function extractJson(text) {
	const lines = text.split('\n');
	for (let start = 0; start < lines.length; start++) {
		if (lines[start] !== '{' && lines[start] !== '[') continue;
		const close = lines[start] === '{' ? '}' : ']';
		for (let end = start + 1; end < lines.length; end++) {
			if (lines[end] !== close) continue;
			try {
				return JSON.parse(lines.slice(start, end + 1).join('\n'));
			} catch {
				// not yet the end of this value
			}
		}
	}
	return undefined;
}

async function httpStatus(url) {
	try {
		const controller = new AbortController();
		const timer = setTimeout(() => controller.abort(), 3000);
		const response = await fetch(url, { signal: controller.signal });
		clearTimeout(timer);
		await response.arrayBuffer();
		return response.status;
	} catch {
		return 0;
	}
}

function tail(text, lines) {
	return text.split('\n').slice(-lines).join('\n');
}

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A fresh folder for one run under .n8n-run/ (git-ignored). */
function freshFolder(name) {
	ensureRunDir();
	const dir = path.join(RUN_DIR, name);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	return dir;
}

module.exports = {
	PACKAGE_NAME,
	SANDBOX_OWNER,
	N8nInstance,
	packPackage,
	installPackage,
	builtFilesMissing,
	freePort,
	portIsFree,
	extractJson,
	freshFolder,
	sleep,
	tail,
};
