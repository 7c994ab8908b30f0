/**
 * The editor suite (npm run test:ui, npm run test:ui:latest): what a person sees of this package in
 * n8n's editor, in Debian's Chromium driven by playwright-core, against the set-up of `npm start`
 * (the packed package in a fresh n8n, the Userlike sandbox, its credentials and examples). The
 * expectations come from the built node descriptions (e2e/ui/expected.ts), not from copies of their
 * wording. Where n8n 2.41's editor differs from 2.8's, e2e/ui/editor.ts says so.
 */
import fs from 'node:fs';
import path from 'node:path';

import type { Locator } from 'playwright-core';

import { EDITOR, entryType, refusedTokenMessage } from './ui/editor';
import {
	builtCredentialTest,
	builtCredentials,
	builtDescriptions,
	expectedPanelEntries,
	PACKAGE_NAME,
	type PanelEntry,
} from './ui/expected';
import { keepOnFailure, screenshot, startEditor, type EditorContext } from './ui/harness';

/** Where the report's screenshots go besides .n8n-run/ (UI_SCREENSHOTS=<folder>). */
const SCREENSHOTS = process.env.UI_SCREENSHOTS || undefined;

let ctx: EditorContext;

beforeAll(async () => {
	ctx = await startEditor();
}, 30 * 60_000);

afterAll(async () => {
	await ctx?.stop();
}, 120_000);

/** A test whose failure keeps the page's screenshot and console (.n8n-run/ui-<host>/failures/). */
function uiTest(name: string, fn: () => Promise<void>, timeoutMs = 300_000): void {
	it(name, () => keepOnFailure(ctx, name, fn), timeoutMs);
}

/** Opens a page of the editor (bounded; the editor's own readiness is waited for by the caller). */
async function open(pathname: string): Promise<void> {
	await ctx.page.goto(`${ctx.info.n8nUrl}${pathname}`, {
		waitUntil: 'domcontentloaded',
		timeout: 60_000,
	});
}

async function newWorkflow(): Promise<void> {
	await open('/workflow/new');
	await EDITOR.addFirstStep(ctx.page).waitFor({ state: 'visible', timeout: 60_000 });
}

/** Opens the nodes panel (from the empty canvas, or the canvas's "+") and searches `text`. */
async function searchPanel(text: string, from: 'empty canvas' | 'plus'): Promise<void> {
	const { page } = ctx;
	if (from === 'empty canvas') await EDITOR.addFirstStep(page).click();
	else await EDITOR.openNodesPanel(page).click();
	await EDITOR.searchBar(page).fill(text);
}

/** The entries the panel shows at this moment. */
async function shownEntriesNow(): Promise<Array<{ type: string; name: string }>> {
	const shown = [];
	for (const entry of await EDITOR.panelEntries(ctx.page).all()) {
		shown.push({
			type: await entryType(entry),
			name: (await EDITOR.entryName(entry).innerText()).trim(),
		});
	}
	return shown;
}

/** The entries the panel shows now: node type and name, in order. */
async function shownEntries(expectedCount: number): Promise<Array<{ type: string; name: string }>> {
	const entries = EDITOR.panelEntries(ctx.page);
	// the list filters as one types: wait until it has settled on the expected count (bounded)
	await settle(
		() => entries.count(),
		(n) => n === expectedCount,
		15_000,
	);
	const shown = [];
	for (const entry of await entries.all()) {
		shown.push({
			type: await entryType(entry),
			name: (await EDITOR.entryName(entry).innerText()).trim(),
		});
	}
	return shown;
}

const byType = (a: { type: string }, b: { type: string }) => a.type.localeCompare(b.type);

describe(`n8n's editor: the nodes panel`, () => {
	const expected = expectedPanelEntries();

	uiTest(
		'searching "Userlike" on an empty canvas shows one entry per app, as the node descriptions make them',
		async () => {
			await newWorkflow();
			await searchPanel('Userlike', 'empty canvas');
			const shown = await shownEntries(expected.length);
			await screenshot(ctx, 'nodes-panel-userlike', SCREENSHOTS);
			expect(shown.sort(byType)).toEqual(
				expected.map((e) => ({ type: e.type, name: e.name })).sort(byType),
			);
		},
	);

	uiTest('after a trigger, searching "Userlike" shows the same entries', async () => {
		// a Userlike action on an empty canvas brings n8n's manual trigger along
		await addFromPanel('Userlike', firstAction());
		await EDITOR.ndvClose(ctx.page).click();
		await searchPanel('Userlike', 'plus');
		const shown = await shownEntries(expected.length);
		expect(shown.sort(byType)).toEqual(
			expected.map((e) => ({ type: e.type, name: e.name })).sort(byType),
		);
	});

	uiTest(
		'the Chatbot Trigger and the chatbot reply node are one "Userlike Chatbot" entry with trigger events and reply actions',
		async () => {
			const chatbot = expected.filter((e) =>
				e.types.some((t) => ['userlikeChatbot', 'userlikeChatbotTrigger'].includes(t)),
			);
			expect(chatbot.map((e) => ({ name: e.name, types: e.types.sort() }))).toEqual([
				{ name: 'Userlike Chatbot', types: ['userlikeChatbot', 'userlikeChatbotTrigger'] },
			]);
			expect(chatbot[0].triggers).toBeGreaterThan(1);
			expect(chatbot[0].actions).toBeGreaterThan(1);
		},
	);

	uiTest('each entry lists its trigger events and actions, and says what it is', async () => {
		const { page } = ctx;
		for (const entry of expected.filter((e) => e.triggers + e.actions > 0)) {
			await newWorkflow();
			await searchPanel('Userlike', 'empty canvas');
			await EDITOR.entryNamed(page, entry.name).click();
			const panel = EDITOR.nodesPanel(page);
			await visible(
				panel.getByText(entry.description, { exact: false }).first(),
				`${entry.name}: its description`,
			);
			if (entry.triggers)
				await visible(
					panel.getByText(`Triggers (${entry.triggers})`, { exact: true }),
					`${entry.name}: Triggers (${entry.triggers})`,
				);
			if (entry.actions)
				await visible(
					panel.getByText(`Actions (${entry.actions})`, { exact: true }),
					`${entry.name}: Actions (${entry.actions})`,
				);
		}
	});
});

const { CREDENTIAL_IDS } = require('../scripts/lib/setup.cjs');
const { exampleFiles } = require('../scripts/lib/setup.cjs');

/** The action of the Userlike node a new user adds first: Get Many conversations (from dist/). */
function firstAction(): string {
	const userlike = builtDescriptions().find((d) => d.name === 'userlike')!;
	const operation = userlike.properties.find(
		(p) =>
			p.name === 'operation' &&
			(p.displayOptions?.show?.resource as string[])?.includes('conversation'),
	)!;
	const getAll = (operation.options as any[]).find((o) => o.value === 'getAll');
	return getAll.action as string;
}

/**
 * Adds a node from the nodes panel: the entry `entryName`, then its action or event `item` (an entry
 * that lists none adds its node at once).
 */
async function addFromPanel(entryName: string, item?: RegExp | string): Promise<void> {
	const { page } = ctx;
	await newWorkflow();
	await searchPanel('Userlike', 'empty canvas');
	await EDITOR.entryNamed(page, entryName).click();
	if (item === undefined) {
		// a community node's entry without actions opens its details, with "Add to workflow"
		await EDITOR.nodesPanel(page).getByRole('button', { name: 'Add to workflow' }).click();
	} else {
		const actions = EDITOR.categoryHeader(page, 'Actions');
		if (typeof item === 'string' && (await actions.count())) {
			// actions are folded on an empty canvas (a workflow starts with a trigger)
			const target = EDITOR.panelActions(page).filter({ hasText: item });
			if (!(await target.first().isVisible())) await actions.click();
		}
		await EDITOR.panelActions(page)
			.filter({ has: page.getByText(item, { exact: true }) })
			.first()
			.click();
	}
	await visible(EDITOR.ndv(page), `the panel of the node added from "${entryName}"`);
}

/** The Conversation Trigger's entry, and its first event when it lists events. */
function conversationTrigger(): { name: string; item?: RegExp } {
	const entry = expectedPanelEntries().find((e) =>
		e.types.includes('userlikeConversationTrigger'),
	)!;
	return { name: entry.name, item: entry.triggers > 0 ? /^On / : undefined };
}

describe("n8n's editor: a new node's credential", () => {
	uiTest(
		'a Userlike node added from the panel gets "Userlike Sandbox" (organization 1)',
		async () => {
			await addFromPanel('Userlike', firstAction());
			const select = EDITOR.credentialSelect(ctx.page);
			await settle(
				() => select.inputValue(),
				(v) => v !== '',
				10_000,
			);
			await screenshot(ctx, 'new-node-credential', SCREENSHOTS);
			expect(await select.inputValue()).toBe('Userlike Sandbox');
		},
	);

	uiTest('the Conversation Trigger added from the panel gets "Userlike Sandbox" too', async () => {
		const trigger = conversationTrigger();
		await addFromPanel(trigger.name, trigger.item);
		const select = EDITOR.credentialSelect(ctx.page);
		await settle(
			() => select.inputValue(),
			(v) => v !== '',
			10_000,
		);
		expect(await select.inputValue()).toBe('Userlike Sandbox');
	});
});

describe("n8n's editor: credentials", () => {
	/** The sandbox's credentials of this package's types whose type has a Test. */
	const testable = () => {
		const withTest = new Set(
			builtCredentials()
				.filter((c) => c.test)
				.map((c) => c.name),
		);
		const sandbox: Array<[string, string]> = [
			[CREDENTIAL_IDS.org1, 'userlikeApi'],
			[CREDENTIAL_IDS.customer, 'userlikeApi'],
			[CREDENTIAL_IDS.chatbot, 'userlikeChatbotApi'],
			[CREDENTIAL_IDS.webhookHeader, 'userlikeWebhookHeaderApi'],
		];
		return sandbox.filter(([, type]) => withTest.has(type)).map(([id]) => id);
	};

	uiTest("every sandbox credential's Test passes when it opens", async () => {
		const { page } = ctx;
		for (const id of testable()) {
			await open(`/home/credentials/${id}`);
			const dialog = page.getByTestId('credential-edit-dialog');
			await visible(dialog, `the credential ${id}`, 60_000);
			await visible(
				dialog.getByText('Connection tested successfully'),
				`${id}: Connection tested successfully`,
				30_000,
			);
		}
	});

	uiTest('a wrong API token gives a clear message', async () => {
		const { page } = ctx;
		await open(`/home/credentials/${CREDENTIAL_IDS.customer}`);
		const dialog = page.getByTestId('credential-edit-dialog');
		await visible(
			dialog.getByText('Connection tested successfully'),
			'the customer credential tested',
			30_000,
		);
		const token = dialog.getByTestId('parameter-input-apiToken').locator('input');
		await token.fill('wrong-token-0000');
		await saveButton().click();
		await visible(
			dialog.getByText(/Couldn.t connect with these settings/),
			'the failed test',
			30_000,
		);
		// the reason is behind "More details": the credential's test rule for a 401 (from dist/)
		const rule = (builtCredentialTest('userlikeApi')?.rules ?? []).find(
			(r: any) => r.properties?.value === 401,
		) as any;
		expect(rule?.properties?.message).toMatch(/token/i);
		const more = dialog.getByText('More details');
		if (await more.isVisible()) await more.click();
		const reason = refusedTokenMessage(rule.properties.message);
		await visible(dialog.getByText(reason, { exact: false }).first(), `the reason: ${reason}`);
		await screenshot(ctx, 'credential-wrong-token', SCREENSHOTS);
		// put the right token back: the credential tests fine again
		await token.fill(ctx.info.sandbox.tokens.CUSTOMER_TOKEN);
		await saveButton().click();
		await visible(
			dialog.getByText('Connection tested successfully'),
			'the repaired credential tested',
			30_000,
		);
	});
});

/** The credential modal's Save button. */
const saveButton = () =>
	ctx.page.getByRole('dialog').getByRole('button', { name: 'Save', exact: true });

describe("n8n's editor: node panels and examples", () => {
	uiTest("every node's panel opens with its defaults, without an error", async () => {
		const { page } = ctx;
		const descriptions = builtDescriptions();
		const nodes = descriptions.map((d, i) => ({
			id: `0e5d9c1a-0000-4000-8000-00000000000${i}`,
			name: d.defaults.name ?? d.displayName,
			type: `${PACKAGE_NAME}.${d.name}`,
			typeVersion: Array.isArray(d.version) ? Math.max(...d.version) : d.version,
			position: [i * 240, 0],
			parameters: {},
			...(d.webhooks?.length ? { webhookId: `0e5d9c1a-1111-4000-8000-00000000000${i}` } : {}),
		}));
		const created = await page.request.post(`${ctx.info.n8nUrl}/rest/workflows`, {
			data: {
				name: 'editor suite: every node with its defaults',
				nodes,
				connections: {},
				settings: {},
				active: false,
			},
		});
		expect(created.status()).toBe(200);
		const { data } = await created.json();
		await open(`/workflow/${data.id}`);
		await visible(
			EDITOR.canvasNodeByName(page, nodes[0].name),
			'the workflow on the canvas',
			60_000,
		);
		for (const node of nodes) {
			const errorsBefore = ctx.pageErrors.length;
			await EDITOR.canvasNodeByName(page, node.name).dblclick();
			await visible(EDITOR.ndvParameters(page), `${node.name}: its parameters`);
			expect(
				await EDITOR.ndvParameters(page).getByTestId('parameter-item').count(),
			).toBeGreaterThan(0);
			expect(ctx.pageErrors.slice(errorsBefore)).toEqual([]);
			await EDITOR.ndvClose(page).click();
			await EDITOR.ndv(page).waitFor({ state: 'hidden' });
		}
	});

	uiTest(
		'every example opens, without an error in the page',
		async () => {
			const { page } = ctx;
			for (const file of exampleFiles() as string[]) {
				const workflow = JSON.parse(fs.readFileSync(file, 'utf8'));
				const errorsBefore = ctx.pageErrors.length;
				await open(`/workflow/${workflow.id}`);
				// the canvas renders the nodes in view: the first node of the example is there
				const first = workflow.nodes.find((n: any) => n.type !== 'n8n-nodes-base.stickyNote');
				await visible(
					EDITOR.canvasNodeByName(page, first.name),
					`${path.basename(file)}: its node "${first.name}"`,
					60_000,
				);
				expect({ file: path.basename(file), errors: ctx.pageErrors.slice(errorsBefore) }).toEqual({
					file: path.basename(file),
					errors: [],
				});
			}
		},
		10 * 60_000,
	);
});

describe("n8n's editor: AI Agent tools and the Conversation Trigger's test event", () => {
	uiTest("the AI Agent's tools list offers the Userlike tools", async () => {
		const { page } = ctx;
		const tools = builtDescriptions()
			.filter((d) => (d as any).usableAsTool)
			.map((d) => `${PACKAGE_NAME}.${d.name}Tool`)
			.sort();
		expect(tools.length).toBeGreaterThan(0);
		const example = (exampleFiles() as string[])
			.map((f) => JSON.parse(fs.readFileSync(f, 'utf8')))
			.find((w) => w.nodes.some((n: any) => n.type === '@n8n/n8n-nodes-langchain.agent'));
		const agent = example.nodes.find((n: any) => n.type === '@n8n/n8n-nodes-langchain.agent');
		await open(`/workflow/${example.id}`);
		await visible(EDITOR.canvasNodeByName(page, agent.name), 'the AI Agent on the canvas', 60_000);
		// The Tool "+" opens n8n's "Tools" list on top of "Other AI Nodes"; once in a CI run on n8n 2.41
		// only the lower list showed. Click again (bounded) until the Tools list is the one open.
		for (let attempt = 1; ; attempt++) {
			await EDITOR.toolsOf(page, agent.name).click();
			const opened = await EDITOR.nodeCreatorTitle(page, 'Tools')
				.waitFor({ state: 'visible', timeout: 5_000 })
				.then(
					() => true,
					() => false,
				);
			if (opened) break;
			if (attempt === 3)
				throw new Error(
					`the AI Agent's Tool "+" did not open n8n's Tools list (${attempt} clicks)`,
				);
			await page.keyboard.press('Escape');
		}
		await EDITOR.searchBar(page).fill('Userlike');
		const shown = await settle(
			async () => (await shownEntriesNow()).map((e) => e.type),
			(types) => tools.every((t) => types.includes(t)),
			15_000,
		);
		await screenshot(ctx, 'ai-agent-tools', SCREENSHOTS);
		expect(shown.filter((t) => tools.includes(t)).sort()).toEqual(tools);
	});

	uiTest("the Conversation Trigger's Fetch Test Event shows a conversation", async () => {
		const { page } = ctx;
		const trigger = conversationTrigger();
		await addFromPanel(trigger.name, trigger.item);
		const errorsBefore = ctx.pageErrors.length;
		await page
			.getByTestId('ndv')
			.getByRole('button', { name: /Fetch Test Event/i })
			.first()
			.click();
		const output = EDITOR.ndvOutput(page);
		await visible(
			output.getByText(/\b1 item\b|\bitems?\b/).first(),
			'the test event in the output',
			60_000,
		);
		await screenshot(ctx, 'conversation-trigger-test-event', SCREENSHOTS);
		expect(await output.innerText()).not.toMatch(/Problem in node|ERROR:/i);
		expect(ctx.pageErrors.slice(errorsBefore)).toEqual([]);
	});
});

/** Waits (bounded) until `what` is visible; fails naming it. */
async function visible(locator: Locator, what: string, timeoutMs = 20_000): Promise<void> {
	try {
		await locator.waitFor({ state: 'visible', timeout: timeoutMs });
	} catch {
		throw new Error(`not on the screen within ${timeoutMs / 1000} s: ${what}`);
	}
}

/**
 * Reads `read()` until `done(value)` or `timeoutMs` (for lists the editor fills as it filters);
 * resolves the last value either way, for the test's own assertion.
 */
async function settle<T>(
	read: () => Promise<T>,
	done: (value: T) => boolean,
	timeoutMs: number,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (done(value) || Date.now() > deadline) return value;
		await ctx.page.waitForTimeout(250);
	}
}

export type { PanelEntry };
