#!/usr/bin/env node
/**
 * `npm start`: this package in a real n8n, against a Userlike sandbox, with one command.
 *
 *  1. builds the package (npm run build);
 *  2. makes sure the pinned n8n is installed in n8n-host/ (the first run installs it, later runs reuse it);
 *  3. packs the package and installs the tarball as n8n installs community packages, into
 *     $N8N_USER_FOLDER/.n8n/nodes (a fresh user folder: .n8n-run/start/);
 *  4. starts the Userlike sandbox (the test simulator as a server, seeded with two organizations);
 *  5. imports credentials that point at the sandbox and the example workflows, activates the trigger
 *     examples (and the MCP server example, whose URL and bearer token the Ready block prints);
 *  6. starts n8n on http://127.0.0.1:5678 with its embedded SQLite, creates the owner account.
 * Ctrl-C stops n8n and the sandbox.
 *
 *   npm start                       # n8n on 5678, sandbox on 4010 (another free port if 4010 is taken)
 *   npm start -- --port 5680 --sandbox-port 4020
 *
 * The editor suite (npm run test:ui) starts this same set-up with `--folder <name>` (the user folder
 * .n8n-run/<name>/ instead of .n8n-run/start/), `--info-file <path>` (where the JSON that `npm run chat`
 * reads goes) and `--no-build` (it has built the package already).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { buildSimulator } from './sandbox.mjs';

const require = createRequire(import.meta.url);
const { ROOT, RUN_DIR, ensureHost, pinnedVersion, formatDuration } = require('./lib/host.cjs');
const {
	N8nInstance,
	packPackage,
	installPackage,
	freePort,
	portIsFree,
	freshFolder,
	SANDBOX_OWNER: OWNER,
} = require('./lib/n8n.cjs');
const { spawnGroup, run, onShutdown, shutdown, installHandlers } = require('./lib/processes.cjs');
const {
	sandboxCredentials,
	exampleFiles,
	loadExample,
	webhookTriggers,
	mcpServers,
	WEBHOOK_HEADER_NAME,
} = require('./lib/setup.cjs');

const { values: flags } = parseArgs({
	options: {
		port: { type: 'string', default: String(process.env.N8N_PORT || 5678) },
		'sandbox-port': { type: 'string', default: String(process.env.SANDBOX_PORT || 4010) },
		verbose: { type: 'boolean', default: false },
		folder: { type: 'string', default: 'start' },
		'info-file': { type: 'string' },
		'no-build': { type: 'boolean', default: false },
		help: { type: 'boolean', short: 'h', default: false },
	},
});
if (flags.help) {
	console.log(
		'npm start [-- --port <n8n port, 5678>] [--sandbox-port <port, 4010>] [--verbose] [--folder <name>] [--info-file <path>] [--no-build]',
	);
	process.exit(0);
}
const n8nPort = Number(flags.port);
const wantedSandboxPort = Number(flags['sandbox-port']);
const verbose = flags.verbose;
const folderName = flags.folder;
const infoFile = path.resolve(flags['info-file'] ?? path.join(RUN_DIR, 'start.json'));
const build = !flags['no-build'];

const started = Date.now();
const elapsed = () => formatDuration(Date.now() - started);
const say = (message) => process.stderr.write(`${message}\n`);
let stepNumber = 0;
const STEPS = 6;
async function step(title, fn) {
	stepNumber++;
	const t = Date.now();
	say(`[${stepNumber}/${STEPS}] ${title}`);
	const result = await fn();
	say(`      done in ${formatDuration(Date.now() - t)}`);
	return result;
}

installHandlers();

async function main() {
	say(`n8n-nodes-userlike: n8n ${pinnedVersion()} with this package and a Userlike sandbox`);
	if (!(await portIsFree(n8nPort))) {
		throw new Error(
			`port ${n8nPort} on 127.0.0.1 is in use (another n8n?). Stop it, or run: npm start -- --port <other port>`,
		);
	}

	await step('build the package (npm run build)', async () => {
		if (build) {
			const result = await run('npm run build', 'npm', ['run', 'build'], {
				cwd: ROOT,
				timeoutMs: 300_000,
			});
			if (result.code !== 0)
				throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
		}
		buildSimulator();
	});

	await step(`n8n ${pinnedVersion()} in n8n-host/`, async () => {
		const host = await ensureHost({ say: (m) => say(`      ${m}`) });
		if (!host.installed) say('      already installed');
	});

	const userFolder = freshFolder(folderName);
	const pkg = await step(
		`install the package into ${path.relative(ROOT, userFolder)}/.n8n/nodes (npm pack, npm install)`,
		async () => {
			const tarball = await packPackage(path.join(userFolder, 'pack'));
			const version = await installPackage(
				userFolder,
				tarball,
				path.join(userFolder, 'npm-install.log'),
			);
			return { tarball, version };
		},
	);

	const sandboxPort = (await portIsFree(wantedSandboxPort)) ? wantedSandboxPort : await freePort();
	const sandbox = await step(`start the Userlike sandbox on 127.0.0.1:${sandboxPort}`, () =>
		startSandboxProcess(sandboxPort),
	);

	const n8n = new N8nInstance({
		userFolder,
		port: n8nPort,
		brokerPort: await freePort(n8nPort + 1),
		logFile: path.join(userFolder, 'n8n.log'),
	});
	const webhookSecret = crypto.randomBytes(18).toString('base64url');
	const mcpToken = crypto.randomBytes(18).toString('base64url');
	const workflows = exampleFiles().map((file) => ({ file, data: loadExample(file, sandbox.url) }));
	const triggers = workflows.flatMap(({ data }) => webhookTriggers(data));
	const servers = workflows.flatMap(({ data }) => mcpServers(data));
	await step(
		'import credentials and example workflows, activate the trigger examples',
		async () => {
			await n8n.importCredentials(
				sandboxCredentials({
					sandboxUrl: sandbox.url,
					tokens: sandbox.tokens,
					seeded: sandbox.seeded,
					chatbot: sandbox.chatbot,
					openAi: sandbox.openAi,
					webhookSecret,
					mcpToken,
				}),
			);
			await n8n.importWorkflows(workflows.map(({ data }) => data));
			for (const workflowId of new Set([...triggers, ...servers].map((t) => t.workflowId)))
				await n8n.publish(workflowId);
		},
	);

	await step(`start n8n on ${n8n.url}`, async () => {
		await n8n.start({
			timeoutMs: 180_000,
			// n8n's log stays in its file (the Ready lines name it); --verbose shows it here too.
			onLine: (line) => {
				if (verbose) say(`[n8n] ${line}`);
			},
		});
		await n8n.setupOwner(OWNER);
	});
	ready = true;
	onShutdown(async () => say('stopping n8n and the sandbox…'));

	const loaded = n8n.loadedPackageNodes() ?? [];
	const info = {
		n8nUrl: n8n.url,
		owner: OWNER,
		sandboxUrl: sandbox.url,
		sandbox,
		webhookHeader: { name: WEBHOOK_HEADER_NAME, value: webhookSecret },
		webhooks: Object.fromEntries(
			triggers.map((t) => [t.workflowId, `${n8n.url}/webhook/${t.path}`]),
		),
		mcp: servers.map((s) => ({ url: `${n8n.url}/${s.path}`, bearerToken: mcpToken })),
		userFolder,
		package: pkg.version,
	};
	// What `npm run chat` reads: only while this n8n runs (removed on shutdown).
	fs.writeFileSync(infoFile, JSON.stringify(info, null, 2));
	onShutdown(async () => fs.rmSync(infoFile, { force: true }));
	const bot = triggers.find((t) => t.workflowId === 'ulExampleNameEmailBot');
	const aiBot = triggers.find((t) => t.workflowId === 'ulExampleAiSupportBot');
	const addon = triggers.find((t) => t.type === 'userlikeTrigger');
	const lines = [
		'',
		`Ready in ${elapsed()}: n8n ${pinnedVersion()} with n8n-nodes-userlike ${pkg.version} (nodes loaded: ${nodeList(loaded)})`,
		'',
		`  n8n        ${n8n.url}   log in as ${OWNER.email} / ${OWNER.password}`,
		`  sandbox    ${sandbox.url}   Userlike JSON API at ${sandbox.url}/api/um/v3/ (${Object.keys(sandbox.tokens).length} tokens, see README)`,
		`  workflows  ${workflows.length} examples, credentials "Userlike Sandbox" and friends point at the sandbox`,
		addon
			? `  add-on     curl -X POST ${n8n.url}/webhook/${addon.path} -H '${WEBHOOK_HEADER_NAME}: ${webhookSecret}' -H 'Content-Type: application/json' -d '{"_type":"chat_session","_event":"unread","id":${sandbox.seeded.ongoingConversationIds?.[1] ?? 50059},"topics":[{"text":"Billing"}],"contact":{"name":"Anna Schmidt","email":"anna.schmidt@example.com"}}'`
			: undefined,
		bot
			? `  chatbot    npm run chat   (talk to the name-and-email bot; webhook ${n8n.url}/webhook/${bot.path})`
			: undefined,
		aiBot
			? `  AI bot     npm run chat -- --bot ai   (the AI support bot, its model is the sandbox's scripted stand-in; webhook ${n8n.url}/webhook/${aiBot.path})`
			: undefined,
		...servers.map(
			(s) =>
				`  MCP        ${n8n.url}/${s.path}   (streamable HTTP or SSE; header Authorization: Bearer ${mcpToken}; the Userlike tools of examples/userlike-mcp-server.json)`,
		),
		`  logs       ${path.relative(ROOT, n8n.logFile)}   (n8n's log; npm start -- --verbose prints it here too)`,
		'',
		'  Stop with Ctrl-C: it stops n8n and the sandbox. Each npm start begins from a fresh n8n and sandbox.',
		'',
	].filter((l) => l !== undefined);
	console.log(lines.join('\n'));

	// Run until n8n or the sandbox ends, or Ctrl-C.
	const code = await Promise.race([
		n8n.server.exited.then((c) => ({ who: 'n8n', c })),
		sandbox.exited.then((c) => ({ who: 'sandbox', c })),
	]);
	await shutdown(code.c === 0 ? 0 : 1, `${code.who} exited (code ${code.c}); stopping the rest`);
}

let ready = false;

/** "userlike, userlikeTrigger, … (+ 2 AI tool variants)" from n8n's list of loaded node types. */
function nodeList(loaded) {
	const names = loaded.map((n) => n.split('.')[1]);
	const tools = names.filter((n) => n.endsWith('Tool'));
	const nodes = names.filter((n) => !n.endsWith('Tool'));
	if (!nodes.length) return "none found in n8n's node list";
	return `${nodes.join(', ')}${tools.length ? ` (+ ${tools.length} AI tool variants)` : ''}`;
}

/** The sandbox as a child process (scripts/sandbox.mjs), in its own process group. */
async function startSandboxProcess(port) {
	let resolveInfo;
	let rejectInfo;
	const infoPromise = new Promise((resolve, reject) => {
		resolveInfo = resolve;
		rejectInfo = reject;
	});
	const child = spawnGroup(
		'sandbox',
		process.execPath,
		[
			path.join(ROOT, 'scripts', 'sandbox.mjs'),
			'--port',
			String(port),
			'--no-build',
			'--machine',
			'--exit-with-parent',
		],
		{
			cwd: ROOT,
			logFile: path.join(
				RUN_DIR,
				folderName === 'start' ? 'sandbox.log' : `${folderName}-sandbox.log`,
			),
			onLine: (line) => {
				if (line.startsWith('SANDBOX_READY '))
					resolveInfo(JSON.parse(line.slice('SANDBOX_READY '.length)));
				else if (ready || verbose) say(`[sandbox] ${line}`);
			},
		},
	);
	child.exited.then((code) =>
		rejectInfo(new Error(`the sandbox exited (code ${code}); see .n8n-run/sandbox.log`)),
	);
	const timer = setTimeout(
		() => rejectInfo(new Error('the sandbox did not start within 30 s')),
		30_000,
	);
	const info = await infoPromise.finally(() => clearTimeout(timer));
	return { ...info, exited: child.exited };
}

main().catch(async (error) => {
	say(`\nnpm start failed after ${elapsed()}: ${error.message}`);
	await shutdown(1);
});
