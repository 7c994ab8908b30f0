#!/usr/bin/env node
/**
 * The README's list of nodes, node types, credentials and nodes-panel entries, made from the built
 * node descriptions (dist/, what n8n loads), so that it cannot drift:
 *
 *   node scripts/readme-nodes.cjs write   # rewrite the block between the markers in README.md
 *   node scripts/readme-nodes.cjs check   # exit 1 when the README's block is not what dist/ gives
 *
 * `npm test` checks it too (test/readme.test.ts). The nodes-panel column follows n8n's node creator
 * (editor-ui's generateMergedNodesAndActions): a trigger `xTrigger` joins the entry of `x` when `x`
 * has actions (operations), and is an entry of its own otherwise.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const README = path.join(ROOT, 'README.md');
const BEGIN =
	'<!-- nodes:begin (made by `node scripts/readme-nodes.cjs write` from dist/; npm test checks it) -->';
const END = '<!-- nodes:end -->';

function load(file) {
	const exported = require(path.join(ROOT, file));
	const Class = Object.values(exported)[0];
	return new Class();
}

/** The package's nodes and credentials as n8n loads them (package.json `n8n`). */
function builtPackage() {
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	const nodes = pkg.n8n.nodes.map((file) => load(file).description);
	const credentials = pkg.n8n.credentials.map((file) => load(file));
	return { pkg, nodes, credentials };
}

const isTrigger = (d) => d.group.includes('trigger');
const realOptions = (p) => (p?.options ?? []).filter((o) => !['*', '', ' '].includes(o.name));

/** How many actions n8n's nodes panel lists for a node that is not a trigger. */
function actionCount(d) {
	const resource = d.properties.find((p) => p.name === 'resource');
	if (!resource) return realOptions(d.properties.find((p) => p.name === 'operation')).length;
	let count = 0;
	for (const option of resource.options) {
		const operations = d.properties.find(
			(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(option.value),
		);
		count += operations?.options?.length ?? 0;
	}
	return count;
}

/** How many trigger events n8n's nodes panel lists for a trigger (its "Event(s)"/"Trigger On" options). */
function eventCount(d) {
	const events = d.properties.find((p) =>
		['event', 'events', 'trigger on'].includes(p.displayName?.toLowerCase()),
	);
	const count = realOptions(events).length;
	return count > 1 ? count : 0;
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The nodes-panel entry each node appears in, as text. */
function panelEntry(d, nodes) {
	if (!isTrigger(d)) {
		const triggers = nodes.filter(
			(t) => isTrigger(t) && t.name.replace('Trigger', '') === d.name && actionCount(d) > 0,
		);
		const events = triggers.reduce((sum, t) => sum + eventCount(t), 0);
		return `**${d.displayName}**: ${plural(actionCount(d), 'action')}${events ? `, ${plural(events, 'trigger event')}` : ''}`;
	}
	const app = nodes.find((a) => !isTrigger(a) && a.name === d.name.replace('Trigger', ''));
	if (app && actionCount(app) > 0) return `in **${app.displayName}**, under Triggers`;
	const events = eventCount(d);
	const title = events ? d.displayName.replace('Trigger', '').trim() : d.displayName;
	return events ? `**${title}**: ${plural(events, 'trigger event')}` : `**${title}** (a trigger)`;
}

function expectedBlock() {
	const { pkg, nodes, credentials } = builtPackage();
	const credentialName = new Map(credentials.map((c) => [c.name, c.displayName]));
	const rows = nodes.map((d) => {
		const creds =
			(d.credentials ?? [])
				.map((c) => {
					const when = Object.entries(c.displayOptions?.show ?? {})
						.map(([key, values]) => `${key} = ${values.join(' or ')}`)
						.join(', ');
					const note = [c.required ? '' : 'optional', when ? `when ${when}` : '']
						.filter(Boolean)
						.join(', ');
					return `${credentialName.get(c.name) ?? c.name}${note ? ` (${note})` : ''}`;
				})
				.join(', ') || 'none';
		const added =
			d.defaults?.name && d.defaults.name !== d.displayName
				? ` (added as *${d.defaults.name}*)`
				: '';
		return `| **${d.displayName}**${added} | \`${pkg.name}.${d.name}\` | ${creds} | ${panelEntry(d, nodes)} |`;
	});
	return [
		BEGIN,
		'| node | node type | credential | in the nodes panel (search "Userlike") |',
		'| --- | --- | --- | --- |',
		...rows,
		'',
		`Credentials: ${credentials.map((c) => `**${c.displayName}** (\`${c.name}\`)`).join(', ')}.`,
		END,
	].join('\n');
}

function readmeBlock(text = fs.readFileSync(README, 'utf8')) {
	const start = text.indexOf(BEGIN);
	const end = text.indexOf(END);
	if (start < 0 || end < start) return undefined;
	return text.slice(start, end + END.length);
}

module.exports = { expectedBlock, readmeBlock, builtPackage, README };

if (require.main === module) {
	const mode = process.argv[2] ?? 'check';
	const text = fs.readFileSync(README, 'utf8');
	const current = readmeBlock(text);
	const expected = expectedBlock();
	if (current === undefined) {
		console.error(`README.md has no ${BEGIN.slice(0, 18)}… ${END} block`);
		process.exit(1);
	}
	if (mode === 'write') {
		fs.writeFileSync(README, text.replace(current, expected));
		console.log('README.md: node list written');
	} else if (current !== expected) {
		console.error(`README.md's node list is not what dist/ gives. Expected:\n${expected}`);
		process.exit(1);
	} else {
		console.log('README.md: node list matches dist/');
	}
}
