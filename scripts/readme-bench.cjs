#!/usr/bin/env node
/**
 * The README's latency and Return All figures, made from bench/RESULTS.md (what `npm run bench` and
 * test/bench/n8n-host.bench.ts measured), so that the README says what the bench measured and nothing
 * else:
 *
 *   node scripts/readme-bench.cjs write   # rewrite the block between the markers in README.md
 *   node scripts/readme-bench.cjs check   # exit 1 when the README's block is not what RESULTS.md gives
 *
 * `npm test` checks it too (test/readme.test.ts).
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const README = path.join(ROOT, 'README.md');
const RESULTS = path.join(ROOT, 'bench', 'RESULTS.md');
const BEGIN =
	'<!-- bench:begin (made by `node scripts/readme-bench.cjs write` from bench/RESULTS.md; npm test checks it) -->';
const END = '<!-- bench:end -->';

/** Sections of RESULTS.md: title → rows ({ case, result, read }). */
function sections(text = fs.readFileSync(RESULTS, 'utf8')) {
	const found = new Map();
	let rows;
	for (const line of text.split('\n')) {
		const title = /^## (.+)$/.exec(line);
		if (title) {
			rows = [];
			found.set(title[1], rows);
			continue;
		}
		if (!rows || !line.startsWith('| ') || line.startsWith('| case |') || line.startsWith('| ---'))
			continue;
		// results.ts writes a `|` inside a cell as `\|`
		const [c, result, read] = line
			.slice(2, -2)
			.split(/(?<!\\) \| /)
			.map((cell) => cell.replace(/\\\|/g, '|'));
		rows.push({ case: c, result, read });
	}
	return found;
}

const versionKey = (v) =>
	v
		.split('.')
		.map((n) => n.padStart(4, '0'))
		.join('.');

/** The n8n versions that have a section of real-process rows, oldest first. */
function hosts(all) {
	const versions = new Set();
	for (const title of all.keys()) {
		const m = /^n8n (\d+\.\d+\.\d+) in a real process: /.exec(title);
		if (m) versions.add(m[1]);
	}
	return [...versions].sort((a, b) => versionKey(a).localeCompare(versionKey(b)));
}

const CHATBOT =
	/one at a time \(\d+ calls\): median (\d+) ms, p95 \d+ ms; \d+ sessions at once \(\d+ calls\): median (\d+) ms, p95 (\d+) ms; 10-at-once median \/ Header Auth peer ([\d.]+)×(?:; sandboxes per call ([\d.]+) \(one at a time\), ([\d.]+) \(10 at once\))?/;
const LOAD = /Machine load \(1-min average\)(?: at the start)?: ([\d.]+)/;

const SAMPLE_BOT = 'examples/name-and-email-bot.json';
const sampleBotNodes = () =>
	JSON.parse(fs.readFileSync(path.join(ROOT, SAMPLE_BOT), 'utf8')).nodes.length;

/** The set-ups of the chatbot rows: how the bench names them, a key, the README's short name. */
const SET_UPS = [
	[
		'the sample bot',
		'sampleBot',
		() => `our sample bot (\`${path.basename(SAMPLE_BOT)}\`, ${sampleBotNodes()} nodes)`,
	],
	['a fixed message', 'twoNodeBot', () => 'our trigger → our reply, a fixed message (2 nodes)'],
	['trigger at version 1', 'twoNodeBotV1', () => 'the same, our trigger at version 1'],
	['version 1 with Header Auth', 'headerAuthV1', () => "n8n's Webhook v1 + Header Auth → Respond"],
	['with Header Auth', 'headerAuth', () => "n8n's Webhook + Header Auth → Respond (the peer)"],
	['no auth', 'plain', () => "n8n's Webhook, no auth → Respond"],
];

function setUp(name) {
	const found = SET_UPS.find(([words]) => name.includes(words));
	return found ? { key: found[1], label: found[2]() } : { key: name, label: name };
}

/** The chatbot rows of one host as figures: settings, set-up, medians, ratio, sandboxes per call. */
function chatbotFigures(rows) {
	const figures = [];
	for (const row of rows) {
		const m = CHATBOT.exec(row.result);
		if (!m) continue;
		const [settings, ...rest] = row.case.split(': ');
		const { key, label } = setUp(rest.join(': '));
		figures.push({
			settings,
			key,
			setUp: label,
			load: LOAD.exec(row.read)?.[1],
			oneMs: Number(m[1]),
			manyMs: Number(m[2]),
			manyP95Ms: Number(m[3]),
			ratio: m[4],
			sandboxes: m[6] === undefined ? undefined : Number(m[6]),
		});
	}
	return figures;
}

/** Per host, newest first: the chatbot figures of its real-process and expression-engine sections. */
function chatbotHosts(text) {
	const all = sections(text);
	return hosts(all)
		.reverse()
		.map((version) => ({
			version,
			figures: chatbotFigures([
				...(all.get(
					`n8n ${version} in a real process: chatbot round trip and Return All (after)`,
				) ?? []),
				...(all.get(`n8n ${version} expression-engine settings: chatbot round trip (after)`) ?? []),
			]),
		}))
		.filter((host) => host.figures.length);
}

function chatbotTable(figures) {
	const lines = [
		'| settings | machine load | set-up | one at a time, median | 10 chats at once, median / p95 | ÷ peer (10 at once) | sandboxes per call |',
		'| --- | --- | --- | --- | --- | --- | --- |',
	];
	for (const f of figures) {
		lines.push(
			`| ${f.settings} | ${f.load ?? ''} | ${f.setUp} | ${f.oneMs} ms | ${f.manyMs} / ${f.manyP95Ms} ms | ${f.ratio}× | ${f.sandboxes === undefined ? '' : f.sandboxes.toFixed(2)} |`,
		);
	}
	return lines.length > 2 ? lines : [];
}

const RETURN_ALL =
	/Userlike node median (\d+) ms \(([^)]*)\); HTTP Request median (\d+) ms \([^)]*\); bare loop median (\d+) ms; node\/HTTP Request ([\d.]+)×, node\/bare ([\d.]+)×/;

/** The Return All rows of every host, oldest host first: medians and ratios as the bench wrote them. */
function returnAllFigures(text) {
	const all = sections(text);
	const figures = [];
	for (const version of hosts(all)) {
		for (const [title, rows] of all) {
			if (!title.startsWith(`n8n ${version} in a real process: `) || !title.endsWith('(after)'))
				continue;
			for (const row of rows) {
				const m = RETURN_ALL.exec(row.result);
				if (!m) continue;
				figures.push({
					version,
					run: title.includes('Return All alone') ? 'Return All alone' : 'the whole bench',
					load: LOAD.exec(row.read)?.[1],
					runs: m[2].split(',').length,
					nodeMs: m[1],
					httpMs: m[3],
					bareMs: m[4],
					nodeToHttp: m[5],
					nodeToBare: m[6],
				});
			}
		}
	}
	return figures;
}

function returnAllTable(figures) {
	const lines = [
		'| n8n | run | machine load | runs | Userlike node, median | HTTP Request node, median | bare loop, median | node ÷ HTTP Request (target ≤ 0.85×) | node ÷ bare loop (target ≤ 1.3×) |',
		'| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
	];
	for (const f of figures) {
		lines.push(
			`| ${f.version} | ${f.run} | ${f.load ?? ''} | ${f.runs} | ${f.nodeMs} ms | ${f.httpMs} ms | ${f.bareMs} ms | ${f.nodeToHttp}× | ${f.nodeToBare}× |`,
		);
	}
	return lines.length > 2 ? lines : [];
}

function expectedBlock(text) {
	const lines = [BEGIN];
	for (const { version, figures } of chatbotHosts(text)) {
		lines.push('', `Chatbot round trip on n8n ${version}:`, '', ...chatbotTable(figures));
	}
	const returnAll = returnAllTable(returnAllFigures(text));
	if (returnAll.length)
		lines.push('', 'Return All over 10,000 conversations (100 pages):', '', ...returnAll);
	lines.push('', END);
	return lines.join('\n');
}

function readmeBlock(text = fs.readFileSync(README, 'utf8')) {
	const start = text.indexOf(BEGIN);
	const end = text.indexOf(END);
	if (start < 0 || end < start) return undefined;
	return text.slice(start, end + END.length);
}

function main(command) {
	const readme = fs.readFileSync(README, 'utf8');
	const current = readmeBlock(readme);
	const expected = expectedBlock();
	if (command === 'write') {
		if (current === undefined) throw new Error(`README.md has no ${BEGIN} … ${END} block`);
		fs.writeFileSync(README, readme.replace(current, expected));
		return 0;
	}
	if (command === 'check') {
		if (current === expected) return 0;
		process.stderr.write(
			'README.md\'s bench figures are not what bench/RESULTS.md gives: run "node scripts/readme-bench.cjs write"\n',
		);
		return 1;
	}
	process.stderr.write('usage: node scripts/readme-bench.cjs write|check\n');
	return 2;
}

module.exports = { expectedBlock, readmeBlock, sections, chatbotHosts, returnAllFigures };

if (require.main === module) process.exitCode = main(process.argv[2]);
