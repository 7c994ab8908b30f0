#!/usr/bin/env node
/**
 * The README's "Tested on" table, from what the end-to-end runs actually ran, so that it cannot drift.
 *
 *   node scripts/tested-on.mjs record <suite> [hostDir]   after a passing run (.ci/run does this): notes
 *       the n8n version installed in the host folder (n8n-host/ by default, USERLIKE_N8N_HOST_DIR) and
 *       the Node.js version that ran it, in .n8n-run/tested-on.json
 *   node scripts/tested-on.mjs check     fails unless the README's table is the one these records make
 *   node scripts/tested-on.mjs write     writes that table into README.md
 *   node scripts/tested-on.mjs reset     forgets the records (.ci/run starts with it)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const { ROOT, RUN_DIR, ensureRunDir } = require('./lib/host.cjs');

const RECORDS = path.join(RUN_DIR, 'tested-on.json');
const README = path.join(ROOT, 'README.md');
const BEGIN =
	'<!-- tested-on:begin (made by `node scripts/tested-on.mjs write` from the runs of .ci/run; CI checks it) -->';
const END = '<!-- tested-on:end -->';

function readRecords() {
	try {
		return JSON.parse(fs.readFileSync(RECORDS, 'utf8'));
	} catch {
		return [];
	}
}

/** n8n's version as installed in `hostDir`, and the Node.js that runs it (as host.cjs picks it). */
function hostFacts(hostDir) {
	const dir = path.resolve(ROOT, hostDir);
	const n8n = JSON.parse(
		fs.readFileSync(path.join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
	).version;
	const env = { ...process.env, USERLIKE_N8N_HOST_DIR: dir };
	const node = execFileSync(
		process.execPath,
		['-e', "process.stdout.write(require('./scripts/lib/host.cjs').HOST_NODE)"],
		{ cwd: ROOT, env, encoding: 'utf8' },
	);
	const nodeVersion = execFileSync(node, ['-p', 'process.versions.node'], {
		encoding: 'utf8',
	}).trim();
	return { n8n, node: nodeVersion };
}

function table(records) {
	const rows = new Map();
	for (const r of records) {
		const key = `${r.n8n}|${r.node.split('.').slice(0, 2).join('.')}|${r.host}`;
		const row = rows.get(key) ?? { ...r, suites: [] };
		if (!row.suites.includes(r.suite)) row.suites.push(r.suite);
		rows.set(key, row);
	}
	const sorted = [...rows.values()].sort((a, b) =>
		b.n8n.localeCompare(a.n8n, 'en', { numeric: true }),
	);
	const lines = [
		'| n8n | Node.js | what passed | n8n installed from |',
		'| --- | --- | --- | --- |',
		...sorted.map(
			(r) =>
				`| **${r.n8n}** | ${r.node.split('.').slice(0, 2).join('.')} | ${r.suites.join(', ')} | \`${r.host}/\` |`,
		),
	];
	return lines.join('\n');
}

function readmeTable() {
	const text = fs.readFileSync(README, 'utf8');
	const start = text.indexOf(BEGIN);
	const end = text.indexOf(END);
	if (start < 0 || end < start) throw new Error(`README.md has no ${BEGIN} … ${END} block`);
	return { text, start, end, current: text.slice(start + BEGIN.length, end).trim() };
}

const {
	positionals: [command, ...args],
} = parseArgs({ allowPositionals: true, options: {} });
if (command === 'record') {
	const [suite, hostDir = process.env.USERLIKE_N8N_HOST_DIR ?? 'n8n-host'] = args;
	if (!suite) throw new Error('usage: tested-on.mjs record <suite> [hostDir]');
	ensureRunDir();
	const facts = hostFacts(hostDir);
	const host = path.relative(ROOT, path.resolve(ROOT, hostDir)) || hostDir;
	const records = readRecords().filter((r) => !(r.suite === suite && r.host === host));
	records.push({ suite, host, ...facts, at: new Date().toISOString() });
	fs.writeFileSync(RECORDS, JSON.stringify(records, null, 2));
	console.log(`tested on: ${suite} passed on n8n ${facts.n8n}, Node.js ${facts.node} (${host}/)`);
} else if (command === 'check' || command === 'write') {
	const records = readRecords();
	if (!records.length) throw new Error(`no runs recorded in ${RECORDS}: run .ci/run first`);
	const wanted = table(records);
	const { text, start, end, current } = readmeTable();
	if (command === 'write') {
		fs.writeFileSync(
			README,
			`${text.slice(0, start + BEGIN.length)}\n${wanted}\n${text.slice(end)}`,
		);
		console.log(`README.md "Tested on":\n${wanted}`);
	} else if (current !== wanted) {
		console.error(
			`README.md's "Tested on" table is not what this run tested. It says:\n${current}\n\nThis run tested:\n${wanted}\n\nUpdate it with: node scripts/tested-on.mjs write (after .ci/run)`,
		);
		process.exit(1);
	} else {
		console.log('README.md\'s "Tested on" table is what this run tested.');
	}
} else if (command === 'reset') {
	fs.rmSync(RECORDS, { force: true });
} else {
	console.error('usage: tested-on.mjs record <suite> [hostDir] | check | write | reset');
	process.exit(2);
}
