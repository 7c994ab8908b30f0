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

	it('the CHANGELOG names nodes and credentials as n8n shows them', () => {
		const named = [...changelog.matchAll(/\*\*(Userlike[^*]*)\*\*/g)].map((m) => m[1]);
		expect(named.length).toBeGreaterThan(5);
		for (const name of named) {
			expect([...nodeNames, ...credentialNames]).toContain(name);
		}
	});
});
