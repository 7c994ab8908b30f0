#!/usr/bin/env node
/**
 * `npm run chat`: talk to an example chatbot that `npm start` runs, the way Userlike would drive it:
 *   npm run chat                # the name-and-email bot (examples/name-and-email-bot.json)
 *   npm run chat -- --bot ai    # the AI support bot (examples/ai-support-bot.json), as contact Anna Schmidt
 * Each line you type becomes a chatbot webhook call (start first, then message events) to n8n's
 * production webhook URL, with the webhook header and the context the bot returned last time;
 * the events in n8n's answer are printed as the contact would see them.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const infoFile = path.join(root, '.n8n-run', 'start.json');
if (!fs.existsSync(infoFile)) {
	console.error('Run `npm start` first (in another terminal).');
	process.exit(1);
}
const info = JSON.parse(fs.readFileSync(infoFile, 'utf8'));
const { values: flags } = parseArgs({
	options: { bot: { type: 'string', default: 'name-email' } },
});
const botArg = flags.bot;
const BOTS = {
	'name-email': {
		workflowId: 'ulExampleNameEmailBot',
		title: 'the name-and-email bot',
		contact: { name: null, email: null },
	},
	// The AI bot's tools read and update the contact by its ID: a contact of the sandbox's seed.
	ai: {
		workflowId: 'ulExampleAiSupportBot',
		title: 'the AI support bot (as contact 2001, Anna Schmidt)',
		contact: { id: 2001, name: 'Anna Schmidt', email: 'anna.schmidt@example.com' },
	},
};
const bot = BOTS[botArg];
if (!bot) {
	console.error(`Unknown bot "${botArg}": choose one of ${Object.keys(BOTS).join(', ')}.`);
	process.exit(1);
}
const url = info.webhooks?.[bot.workflowId];
if (!url) {
	console.error(`The example ${bot.workflowId} is not active in the running n8n.`);
	process.exit(1);
}

const cid = `sandbox-${crypto.randomBytes(4).toString('hex')}`;
let context = {};
let open = true;

async function call(event, payload) {
	let response;
	try {
		response = await post(event, payload);
	} catch {
		// start.json outlives an n8n that was killed: one line instead of fetch's stack trace.
		console.error(
			`n8n is not reachable at ${info.n8nUrl}: run \`npm start\` first (in another terminal).`,
		);
		process.exit(1);
	}
	return await answer(response);
}

async function post(event, payload) {
	return await fetch(url, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			[info.webhookHeader.name]: info.webhookHeader.value,
		},
		body: JSON.stringify({
			info: { cid, context, approach_mode: 'normal', contact: bot.contact },
			packet: { event, payload },
		}),
	});
}

async function answer(response) {
	const text = await response.text();
	if (response.status !== 200) {
		console.log(`(n8n answered ${response.status}: ${text})`);
		return;
	}
	const events = text ? JSON.parse(text) : [];
	for (const e of events) {
		if (e.info?.context && Object.keys(e.info.context).length) context = e.info.context;
		const p = e.packet?.payload ?? {};
		switch (e.packet?.event) {
			case 'message':
				console.log(`bot> ${p.body}`);
				break;
			case 'bubbles':
				console.log(
					`bot> ${p.body}\n${(p.options ?? []).map((o, i) => `     [${i + 1}] ${o.title}`).join('\n')}`,
				);
				break;
			case 'contact_update':
				console.log(`     (Userlike updates the contact: ${JSON.stringify(p)})`);
				break;
			case 'forward_any':
			case 'forward_group':
				console.log(
					'     (the bot hands the conversation to a human operator; the bot session ends)',
				);
				open = false;
				break;
			case 'end':
			case 'abort':
				console.log(`     (the bot session ends: ${e.packet.event})`);
				open = false;
				break;
			default:
				console.log(`     (event ${e.packet?.event}: ${JSON.stringify(p)})`);
		}
	}
}

console.log(
	`Chat session ${cid} with ${bot.title} (${url}). Type a line and press Enter; Ctrl-D ends.`,
);
await call('start', {});
const rl = readline.createInterface({
	input: process.stdin,
	output: process.stdout,
	prompt: 'you> ',
});
if (open) rl.prompt();
for await (const line of rl) {
	if (!open) break;
	await call('message', { body: line });
	if (!open) break;
	rl.prompt();
}
rl.close();
