/**
 * The README says what the built package is: its list of nodes, node types, credentials and
 * nodes-panel entries is generated from dist/ (scripts/readme-nodes.cjs), and the names, parameter and
 * option labels it quotes are the ones n8n shows. Run after `npm run build` (npm test does).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

// Not from the n8n harness: this file runs no node and needs no n8n-core.
const PACKAGE_ROOT = path.resolve(__dirname, '..');

// eslint-disable-next-line @typescript-eslint/no-require-imports
const readmeNodes = require(path.join(PACKAGE_ROOT, 'scripts/readme-nodes.cjs')) as {
	expectedBlock(): string;
	readmeBlock(text?: string): string | undefined;
	builtPackage(): {
		pkg: { engines: { node: string } };
		nodes: Array<{
			displayName: string;
			name: string;
			defaults: { name?: string };
			properties: INodeProperties[];
		}>;
		credentials: Array<{ name: string; displayName: string; properties: INodeProperties[] }>;
	};
};

// eslint-disable-next-line @typescript-eslint/no-require-imports
const readmeBench = require(path.join(PACKAGE_ROOT, 'scripts/readme-bench.cjs')) as {
	expectedBlock(): string;
	readmeBlock(text?: string): string | undefined;
	chatbotHosts(): Array<{
		version: string;
		figures: Array<{ settings: string; key: string; manyMs: number; sandboxes?: number }>;
	}>;
	returnAllFigures(): Array<{ version: string; nodeToBare: string }>;
};

const readme = fs.readFileSync(path.join(PACKAGE_ROOT, 'README.md'), 'utf8');
const changelog = fs.readFileSync(path.join(PACKAGE_ROOT, 'CHANGELOG.md'), 'utf8');
const { pkg, nodes, credentials } = readmeNodes.builtPackage();

/** Every parameter of every node and credential, nested ones included. */
function allProperties(): INodeProperties[] {
	const found: INodeProperties[] = [];
	const walk = (properties: INodeProperties[] | undefined) => {
		for (const property of properties ?? []) {
			found.push(property);
			for (const option of (property.options ?? []) as unknown as Array<Record<string, unknown>>) {
				if (Array.isArray(option.values)) walk(option.values as INodeProperties[]);
				else if (option.displayName) walk([option as unknown as INodeProperties]);
			}
		}
	};
	for (const node of nodes) walk(node.properties);
	for (const credential of credentials) walk(credential.properties);
	return found;
}

const nodeNames = new Set(nodes.flatMap((n) => [n.displayName, n.defaults.name ?? n.displayName]));
const credentialNames = new Set(credentials.map((c) => c.displayName));

describe('README and CHANGELOG name what the built package has', () => {
	it('the list of nodes, node types, credentials and nodes-panel entries is the one dist/ gives', () => {
		// On failure: `npm run build && node scripts/readme-nodes.cjs write`.
		expect(readmeNodes.readmeBlock(readme)).toBe(readmeNodes.expectedBlock());
	});

	it('the opening list names every node, by the names n8n shows', () => {
		const intro = readme.slice(0, readme.indexOf('<!-- section:install -->'));
		const named = [...intro.matchAll(/\*\*(Userlike[^*]*)\*\*/g)].map((m) => m[1]);
		for (const name of named) expect(nodeNames).toContain(name);
		for (const node of nodes) expect(named).toContain(node.displayName);
	});

	it('every label quoted with its value, **Label** (`value`), is the label n8n shows for it', () => {
		const properties = allProperties();
		const checked: string[] = [];
		for (const [, label, value] of readme.matchAll(/\*\*([^*\n]+)\*\* \(`([A-Za-z_*]+)`/g)) {
			const labels = [
				...properties.filter((p) => p.name === value).map((p) => p.displayName),
				...properties.flatMap((p) =>
					((p.options ?? []) as INodePropertyOptions[])
						.filter((o) => o.value === value && typeof o.name === 'string')
						.map((o) => o.name),
				),
				...credentials.filter((c) => c.name === value).map((c) => c.displayName),
			];
			if (!labels.length) continue; // a query parameter or output field, not a label
			expect({ value, label }).toEqual({ value, label: labels.find((l) => l === label) ?? labels });
			checked.push(value);
		}
		expect(checked.length).toBeGreaterThan(20);
	});

	it("every *Parameter: Option* quote is an option of that parameter (or one of n8n's own settings)", () => {
		const n8nSettings: Record<string, string[]> = { 'On Error': ['Continue', 'Stop Workflow'] };
		const properties = allProperties();
		const quotes = [...readme.matchAll(/(?<![*\w])\*([A-Z][A-Za-z ]+): ([^*\n]+)\*(?!\*)/g)];
		expect(quotes.length).toBeGreaterThan(0);
		for (const [, parameter, option] of quotes) {
			const options = properties
				.filter((p) => p.displayName === parameter)
				.flatMap((p) => ((p.options ?? []) as INodePropertyOptions[]).map((o) => o.name));
			expect({ parameter, options: options.length ? options : n8nSettings[parameter] }).toEqual({
				parameter,
				options: expect.arrayContaining([option]),
			});
		}
	});

	it('the Node.js version the README asks for is the one package.json `engines` gives', () => {
		const minimum = pkg.engines.node.replace('>=', '');
		const asked = [...readme.matchAll(/Node\.js\s+(\d+\.\d+)/g)].map((m) => m[1]);
		expect(asked.length).toBeGreaterThan(1);
		for (const version of asked) expect(version).toBe(minimum);
	});

	it('the bench figures it shows are the ones bench/RESULTS.md holds, and it quotes no others', () => {
		const block = readmeBench.readmeBlock(readme);
		expect(block).toBe(readmeBench.expectedBlock());
		expect(block).toMatch(/Chatbot round trip on n8n \d/);
		expect(block).toMatch(/Return All over 10,000 conversations/);
		// The prose around the tables names no measured figure of its own (they were copied by hand
		// once, from a loaded machine, and were wrong): milliseconds and ratios live in the tables.
		const section = readme.slice(
			readme.indexOf('## Chatbot latency on n8n 2.35 and later'),
			readme.indexOf('<!-- /section:chatbot-latency -->'),
		);
		const prose = section.replace(block!, '');
		expect(prose).not.toMatch(/\d[\d,.]* ?ms\b|\d\.\d+×/);
	});

	it('what its latency section says of the tables is what the tables show', () => {
		const [newest, ...older] = readmeBench.chatbotHosts();
		const on = (settings: string, key: string) => {
			const row = newest.figures.find((f) => f.settings.startsWith(settings) && f.key === key);
			expect({ settings, key, found: Boolean(row) }).toEqual({ settings, key, found: true });
			return row!;
		};
		const DEBUG = 'default settings, log level debug';
		// "our trigger → our reply takes three, as n8n's Webhook v1 + Header Auth does, and one more
		// than n8n's Webhook 2.x + Header Auth"
		expect(on(DEBUG, 'twoNodeBot').sandboxes).toBe(3);
		expect(on(DEBUG, 'headerAuthV1').sandboxes).toBe(3);
		expect(on(DEBUG, 'headerAuth').sandboxes).toBe(2);
		// "legacy: no isolate at all, the fastest row for each of our set-ups"
		const legacy = newest.figures.filter((r) =>
			r.settings.startsWith('N8N_EXPRESSION_ENGINE=legacy'),
		);
		expect(legacy.length).toBeGreaterThan(0);
		expect(legacy.filter((f) => f.sandboxes !== 0)).toEqual([]);
		const ours = ['sampleBot', 'twoNodeBot', 'twoNodeBotV1'];
		for (const f of legacy.filter((r) => ours.includes(r.key))) {
			const others = newest.figures.filter((r) => r.key === f.key && r !== f);
			expect({ key: f.key, fastest: others.every((r) => r.manyMs > f.manyMs) }).toEqual({
				key: f.key,
				fastest: true,
			});
		}
		// "lazy acquire: n8n's Webhook 2.x peers need none and its Webhook v1 one; our set-ups still take two"
		const LAZY = 'N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE';
		expect(on(LAZY, 'plain').sandboxes).toBe(0);
		expect(on(LAZY, 'headerAuth').sandboxes).toBe(0);
		expect(on(LAZY, 'headerAuthV1').sandboxes).toBe(1);
		expect(on(LAZY, 'twoNodeBot').sandboxes).toBe(2);
		// "Here this setting helps n8n's peers, not ours."
		expect(on(LAZY, 'headerAuth').manyMs).toBeLessThan(on(DEBUG, 'headerAuth').manyMs);
		expect(on(LAZY, 'twoNodeBot').manyMs).toBeGreaterThan(0.9 * on(DEBUG, 'twoNodeBot').manyMs);
		// "at n8n's default settings ... answers as fast as n8n's own Webhook v1 with Header Auth"
		// (10 chats at once, within 15 %, in both default runs)
		for (const settings of ['default settings (log level info)', DEBUG]) {
			const ratio = on(settings, 'twoNodeBot').manyMs / on(settings, 'headerAuthV1').manyMs;
			expect({ settings, asFast: ratio <= 1.15 }).toEqual({ settings, asFast: true });
		}
		// "compile cache / pool size 3: the same sandboxes per call" and no gain for our bot
		for (const settings of [
			'N8N_EXPRESSION_ENGINE_COMPILE_CACHE',
			'N8N_EXPRESSION_ENGINE_POOL_SIZE',
		]) {
			expect(on(settings, 'twoNodeBot').sandboxes).toBe(on(DEBUG, 'twoNodeBot').sandboxes);
			expect(on(settings, 'twoNodeBot').manyMs).toBeGreaterThan(
				0.9 * on(DEBUG, 'twoNodeBot').manyMs,
			);
		}
		// "The node adds to the bare loop little more than n8n's request helper and reading each page's
		// JSON": every Return All row has the node within 1.3× of the bare loop
		const returnAll = readmeBench.returnAllFigures();
		expect(returnAll.length).toBeGreaterThan(1);
		expect(returnAll.filter((f) => Number(f.nodeToBare) > 1.3)).toEqual([]);
		// "The sample bot runs more nodes and expressions than the two-node set-ups, which its row shows
		// on both hosts"
		for (const host of [newest, ...older]) {
			const first = (key: string) => host.figures.find((f) => f.key === key)!;
			expect({
				host: host.version,
				slower: first('sampleBot').manyMs > first('twoNodeBot').manyMs,
			}).toEqual({
				host: host.version,
				slower: true,
			});
		}
	});

	it('the CHANGELOG names nodes and credentials as n8n shows them', () => {
		const named = [...changelog.matchAll(/\*\*(Userlike[^*]*)\*\*/g)].map((m) => m[1]);
		expect(named.length).toBeGreaterThan(5);
		for (const name of named) {
			expect([...nodeNames, ...credentialNames]).toContain(name);
		}
	});
});
