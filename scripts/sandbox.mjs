#!/usr/bin/env node
/**
 * The Userlike sandbox: the test simulator (test/simulator) run as a server on 127.0.0.1, with its
 * default seed (two organizations, operators, contacts, conversations with messages, notes,
 * navigation events), a chatbot API URL, a stand-in for a team chat's incoming webhook and a scripted
 * OpenAI-compatible model for the AI support bot example.
 *
 *   npm run sandbox                 # port 4010
 *   node scripts/sandbox.mjs --port 4011 [--quiet] [--no-build]
 *
 * Compiles the simulator with the repository's TypeScript into .n8n-run/sandbox-build first.
 * Prints one line `SANDBOX_READY {json}` for scripts/start.mjs, then one line per request.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const { addTeamChat, addSheet } = require('./lib/setup.cjs');
const { ensureRunDir } = require('./lib/host.cjs');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = path.join(root, '.n8n-run', 'sandbox-build', 'test', 'simulator');

export function buildSimulator() {
	const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
	if (!fs.existsSync(tsc)) throw new Error('TypeScript is missing: run npm ci first');
	ensureRunDir();
	const result = spawnSync(
		process.execPath,
		[tsc, '-p', path.join(root, 'scripts', 'tsconfig.sandbox.json')],
		{
			cwd: root,
			encoding: 'utf8',
		},
	);
	if (result.status !== 0)
		throw new Error(`compiling the simulator failed:\n${result.stdout}${result.stderr}`);
}

/**
 * Starts the simulator in this process; resolves `{ sim, info, alerts, bot }`. The seed's data ends just
 * before now (`referenceTime`), so that "recently updated" means something in the sandbox.
 */
export async function startSandbox({
	port = 4010,
	build = true,
	seed = { referenceTime: new Date().toISOString() },
} = {}) {
	if (build) buildSimulator();
	const simulator = require(path.join(buildDir, 'index.js'));
	const sim = await simulator.createUserlikeSimulator({ port, seed });
	const { SEEDED, ORG_TOKEN, ORG2_TOKEN, CUSTOMER_TOKEN } = simulator;
	const alerts = addTeamChat(sim);
	addSheet(sim);
	// POST/PATCH/DELETE /sandbox/conversations/…: changes that the Userlike Conversation Trigger sees
	require(path.join(buildDir, 'changes.js')).addChangeRoutes(sim);
	const info = {
		url: sim.url,
		apiBaseV3: `${sim.url}/api/um/v3/`,
		tokens: { ORG_TOKEN, ORG2_TOKEN, CUSTOMER_TOKEN },
		seeded: SEEDED,
		teamChatUrl: `${sim.url}/sandbox/team-chat`,
		sheetUrl: `${sim.url}/sandbox/sheet`,
		chatbot: undefined,
	};
	// The chatbot API URL (test/simulator/chatbot.ts): the bot's events sent later, with SECURITY-TOKEN.
	const { addChatbotApi } = require(path.join(buildDir, 'chatbot.js'));
	const bot = addChatbotApi(sim);
	info.chatbot = { apiUrl: bot.apiUrl, securityToken: bot.securityToken };
	// The scripted OpenAI-compatible model of the AI support bot example (test/simulator/openai.ts).
	const { addOpenAiApi } = require(path.join(buildDir, 'openai.js'));
	const model = addOpenAiApi(sim);
	info.openAi = { baseUrl: model.baseUrl, apiKey: model.apiKey };
	return { sim, info, alerts, bot, model };
}

async function main() {
	const { values: flags } = parseArgs({
		options: {
			port: { type: 'string', default: String(process.env.SANDBOX_PORT ?? 4010) },
			quiet: { type: 'boolean', default: false },
			'no-build': { type: 'boolean', default: false },
			machine: { type: 'boolean', default: false },
			'exit-with-parent': { type: 'boolean', default: false },
		},
	});
	const port = Number(flags.port);
	if (!Number.isInteger(port) || port < 0 || port > 65535)
		throw new Error(`invalid --port ${flags.port}`);
	const quiet = flags.quiet;
	const { sim, info } = await startSandbox({ port, build: !flags['no-build'] });
	console.log(`SANDBOX_READY ${JSON.stringify(info)}`);
	if (!flags.machine) {
		console.log(`Userlike sandbox on ${info.url} (JSON API: ${info.apiBaseV3})`);
		console.log(`  organization ${info.seeded.organizationId} token ${info.tokens.ORG_TOKEN}`);
		console.log(`  organization ${info.seeded.organization2Id} token ${info.tokens.ORG2_TOKEN}`);
		console.log(`  customer token ${info.tokens.CUSTOMER_TOKEN}`);
		console.log(
			`  chatbot API URL ${info.chatbot.apiUrl} (SECURITY-TOKEN ${info.chatbot.securityToken})`,
		);
		console.log(`  team chat stand-in ${info.teamChatUrl}, sheet stand-in ${info.sheetUrl}`);
		console.log(
			`  change a conversation: curl -X POST ${info.url}/sandbox/conversations/50001/messages/ -H 'Content-Type: application/json' -d '{"body":"Hi"}'`,
		);
		console.log(
			`  OpenAI-compatible model stand-in ${info.openAi.baseUrl} (API key ${info.openAi.apiKey})`,
		);
	}

	// One line per answered request (the simulator records them; status 0 = not answered yet).
	const parentPid = flags['exit-with-parent'] ? process.ppid : 0;
	let printed = 0;
	const poll = setInterval(() => {
		while (printed < sim.requests.length && sim.requests[printed].status !== 0) {
			const r = sim.requests[printed++];
			if (quiet) continue;
			const query = new URLSearchParams(r.query).toString();
			console.log(`${r.method} ${r.path}${query ? `?${query}` : ''} -> ${r.status}`);
		}
		// A long session must not keep every request: drop the printed ones.
		sim.requests.splice(0, printed);
		printed = 0;
		// Exit with the parent: start.mjs may be killed without a chance to stop us.
		if (parentPid && process.ppid !== parentPid) stop('parent exited');
	}, 200);

	let stopping = false;
	function stop(reason) {
		if (stopping) return;
		stopping = true;
		clearInterval(poll);
		if (reason && !quiet) console.log(`sandbox stopping: ${reason}`);
		const timer = setTimeout(() => process.exit(0), 3000);
		sim.close().then(() => {
			clearTimeout(timer);
			process.exit(0);
		});
	}
	process.on('SIGINT', () => stop());
	process.on('SIGTERM', () => stop());
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	main().catch((error) => {
		console.error(`sandbox: ${error.message}`);
		process.exit(1);
	});
}
