/**
 * How the editor suite finds things in n8n's editor. n8n's own `data-test-id`s where they exist; the
 * few places where n8n 2.41's editor differs from 2.8's are here and only here (`since`: the first
 * version that has it).
 */
import type { Locator, Page } from 'playwright-core';

const { pinnedVersion } = require('../../scripts/lib/host.cjs');

/** n8n's version as [major, minor]. */
function versionOf(version: string): [number, number] {
	const [major, minor] = version.split('.').map(Number);
	return [major, minor];
}

/** Whether the host's n8n is `version` or newer. */
export function since(version: string, host: string = pinnedVersion()): boolean {
	const [a, b] = versionOf(host);
	const [x, y] = versionOf(version);
	return a > x || (a === x && b >= y);
}

export const EDITOR = {
	/** the empty canvas's "Add first step" */
	addFirstStep: (page: Page): Locator => page.getByTestId('canvas-add-button'),
	/** the canvas's "+" that opens the nodes panel */
	openNodesPanel: (page: Page): Locator => page.getByTestId('node-creator-plus-button'),
	searchBar: (page: Page): Locator => page.getByTestId('node-creator-search-bar'),
	nodesPanel: (page: Page): Locator => page.getByTestId('node-creator'),
	/** one entry of the nodes panel; its node type is in `data-keyboard-nav-id` ("<type>-<uuid>") */
	panelEntries: (page: Page): Locator =>
		page.getByTestId('node-creator').locator('[data-keyboard-nav-type="node"]'),
	entryName: (entry: Locator): Locator => entry.getByTestId('node-creator-item-name'),
	/** the entry named `name` (2.41 shows the description in the entry too, 2.8 only the name) */
	entryNamed: (page: Page, name: string): Locator =>
		EDITOR.panelEntries(page)
			.filter({ has: page.getByTestId('node-creator-item-name').getByText(name, { exact: true }) })
			.first(),
	/** an action or trigger event in an entry's detail view */
	panelActions: (page: Page): Locator =>
		page.getByTestId('node-creator').locator('[data-keyboard-nav-type="action"]'),
	/** the detail view's "Triggers (n)" / "Actions (n)" headers */
	categoryHeader: (page: Page, kind: 'Triggers' | 'Actions'): Locator =>
		page.getByTestId('node-creator').getByText(new RegExp(`^${kind} \\(\\d+\\)$`)),
	ndv: (page: Page): Locator => page.getByTestId('ndv'),
	ndvClose: (page: Page): Locator => page.getByTestId('ndv-close-button'),
	ndvParameters: (page: Page): Locator => page.getByTestId('node-parameters'),
	credentialSelect: (page: Page): Locator =>
		page.getByTestId('ndv').getByTestId('node-credentials-select').first().locator('input'),
	/**
	 * the "+" of an AI Agent's Tool input on the canvas: inside the Tool handle (2.8), or else the one
	 * "+" on an input side of the canvas (the examples' agents have their model and memory connected)
	 */
	toolsOf: (page: Page, agentName: string): Locator =>
		page
			.locator(`[data-test-id="canvas-node"][data-node-name="${agentName}"]`)
			.locator('[data-handleid="inputs/ai_tool/0"]')
			.getByTestId('canvas-handle-plus')
			.or(
				page.locator(
					'[data-test-id="canvas-handle-plus-wrapper"].target [data-test-id="canvas-handle-plus"]',
				),
			)
			.first(),
	/** The title of the node creator's list now on top (e.g. "Tools"). */
	nodeCreatorTitle: (page: Page, title: string): Locator =>
		page.getByTestId('node-creator').getByText(title, { exact: true }).last(),
	ndvOutput: (page: Page): Locator => page.getByTestId('output-panel'),
	canvasNodes: (page: Page): Locator => page.getByTestId('canvas-node'),
	canvasNodeByName: (page: Page, name: string): Locator =>
		page.locator(`[data-test-id="canvas-node"][data-node-name="${name.replace(/"/g, '\\"')}"]`),
};

/**
 * What the credential modal says when Userlike refuses the API token (401): n8n 2.41 shows the
 * credential test's rule for a 401 (`ruleMessage`, from dist/); n8n 2.8 answers a 401 before it reads
 * the rules, with its own sentence.
 */
export function refusedTokenMessage(ruleMessage: string): string {
	return since('2.41') ? ruleMessage : 'Authorization failed - please check your credentials';
}

/** The node type of a nodes-panel entry (`data-keyboard-nav-id` is "<node type>-<uuid>"). */
export async function entryType(entry: Locator): Promise<string> {
	const id = (await entry.getAttribute('data-keyboard-nav-id')) ?? '';
	return id.replace(/-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, '');
}
