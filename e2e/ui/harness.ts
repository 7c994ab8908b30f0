/**
 * The editor suite's harness (npm run test:ui): the set-up of `npm start` (scripts/start.mjs: the
 * packed package in a fresh n8n, the Userlike sandbox, its credentials and examples, the owner
 * account) on free ports, and Debian's Chromium driven by playwright-core, logged in as that owner.
 *
 * On a failed step the page's screenshot and console go to .n8n-run/ui-<host>/failures/.
 */
import fs from 'node:fs';
import path from 'node:path';

import type { BrowserContext, Page } from 'playwright-core';

const { chromium, selectors } = require('playwright-core');
const { HOST_DIR, ROOT, pinnedVersion, ensureHost } = require('../../scripts/lib/host.cjs');
const { freePort, freshFolder, sleep } = require('../../scripts/lib/n8n.cjs');
const { spawnGroup, stopAll } = require('../../scripts/lib/processes.cjs');
const { ensureChromium } = require('../../scripts/lib/services.cjs');

/**
 * Chromium's flags: without them, in a network that reaches nothing, Chromium waits on connections
 * of its own (QUIC, component updates, sync). playwright-core adds --headless and a fresh
 * --user-data-dir (launchPersistentContext below, in the run folder).
 */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export interface StartInfo {
	n8nUrl: string;
	owner: { email: string; password: string };
	sandboxUrl: string;
	sandbox: any;
	webhookHeader: { name: string; value: string };
	webhooks: Record<string, string>;
	userFolder: string;
	package: string;
}

export interface EditorContext {
	info: StartInfo;
	version: string;
	/** .n8n-run/ui-<host>/ */
	runDir: string;
	browser: BrowserContext;
	page: Page;
	/** the page's console and errors so far */
	console: string[];
	pageErrors: string[];
	stop(): Promise<void>;
}

/** The name of this host's run: ui-n8n-host, ui-n8n-host-latest, … */
export const RUN_NAME = `ui-${path.basename(HOST_DIR)}`;

/** Starts `npm start`'s set-up (scripts/start.mjs) on free ports; resolves what it wrote out. */
async function startSandboxN8n(
	runDir: string,
): Promise<{ info: StartInfo; stop(): Promise<void> }> {
	const infoFile = path.join(runDir, 'start.json');
	const logFile = path.join(runDir, 'start.log');
	fs.rmSync(infoFile, { force: true });
	const port = await freePort();
	const sandboxPort = await freePort();
	let exitCode: number | null | undefined;
	const child = spawnGroup(
		'npm start (editor suite)',
		process.execPath,
		[
			path.join(ROOT, 'scripts', 'start.mjs'),
			'--port',
			String(port),
			'--sandbox-port',
			String(sandboxPort),
			'--folder',
			`${RUN_NAME}/n8n`,
			'--info-file',
			infoFile,
			'--no-build',
		],
		{ cwd: ROOT, logFile },
	);
	child.exited.then((code: number | null) => {
		exitCode = code;
	});
	// n8n's start and the imports take a minute or two; a first run installs the host first.
	const deadline = Date.now() + 25 * 60_000;
	while (!fs.existsSync(infoFile)) {
		if (exitCode !== undefined || Date.now() > deadline) {
			await child.stop(30_000);
			const tail = fs.existsSync(logFile)
				? fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n')
				: '';
			throw new Error(
				`npm start's set-up ${exitCode !== undefined ? `exited (code ${exitCode})` : 'was not ready in 25 min'}:\n${tail}`,
			);
		}
		await sleep(500);
	}
	const info = JSON.parse(fs.readFileSync(infoFile, 'utf8')) as StartInfo;
	// start.mjs stops n8n and the sandbox on SIGTERM.
	return { info, stop: () => child.stop(60_000) };
}

/** Logs in through n8n's REST API (the browser context keeps the session cookie). */
async function login(browser: BrowserContext, info: StartInfo): Promise<void> {
	const { email, password } = info.owner;
	for (let attempt = 1; ; attempt++) {
		const response = await browser.request.post(`${info.n8nUrl}/rest/login`, {
			data: { emailOrLdapLoginId: email, password },
			timeout: 30_000,
		});
		if (response.ok()) return;
		if (attempt >= 3)
			throw new Error(`login as ${email} answered ${response.status()}: ${await response.text()}`);
		await sleep(1000);
	}
}

export async function startEditor(): Promise<EditorContext> {
	const runDir = freshFolder(RUN_NAME);
	await ensureHost({ say: (m: string) => process.stderr.write(`${m}\n`) });
	const executablePath = await ensureChromium();
	// UI_ATTACH=<start.json of a running `npm start -- --info-file …`>: work on that n8n (while writing
	// tests); otherwise a fresh set-up of its own.
	const started = process.env.UI_ATTACH
		? {
				info: JSON.parse(fs.readFileSync(process.env.UI_ATTACH, 'utf8')) as StartInfo,
				stop: async () => undefined,
			}
		: await startSandboxN8n(runDir);
	let browser: BrowserContext | undefined;
	try {
		selectors.setTestIdAttribute('data-test-id');
		const profile = path.join(runDir, 'chromium-profile');
		fs.mkdirSync(profile, { recursive: true });
		browser = (await chromium.launchPersistentContext(profile, {
			executablePath,
			headless: true,
			args: CHROMIUM_ARGS,
			viewport: { width: 1440, height: 900 },
			timeout: 60_000,
		})) as BrowserContext;
		await login(browser, started.info);
		const page = browser.pages()[0] ?? (await browser.newPage());
		page.setDefaultTimeout(30_000);
		const consoleLines: string[] = [];
		const pageErrors: string[] = [];
		page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
		page.on('pageerror', (e) => {
			pageErrors.push(e.message);
			consoleLines.push(`[pageerror] ${e.message}`);
		});
		const ctx: EditorContext = {
			info: started.info,
			version: pinnedVersion(),
			runDir,
			browser,
			page,
			console: consoleLines,
			pageErrors,
			stop: async () => {
				try {
					await browser?.close();
				} finally {
					await started.stop();
					await stopAll(10_000);
				}
			},
		};
		return ctx;
	} catch (error) {
		await browser?.close().catch(() => undefined);
		await started.stop();
		throw error;
	}
}

/** A screenshot of the page under .n8n-run/ui-<host>/<name>.png (and a copy to `also`). */
export async function screenshot(ctx: EditorContext, name: string, also?: string): Promise<string> {
	const file = path.join(ctx.runDir, `${name}.png`);
	await ctx.page.screenshot({ path: file });
	if (also) {
		fs.mkdirSync(also, { recursive: true });
		fs.copyFileSync(file, path.join(also, `${RUN_NAME.slice(3)}-${name}.png`));
	}
	return file;
}

/**
 * Runs one step of a test; when it fails, keeps the screenshot and the page's console under
 * .n8n-run/ui-<host>/failures/ and names them in the error.
 */
export async function keepOnFailure<T>(
	ctx: EditorContext,
	name: string,
	fn: () => Promise<T>,
): Promise<T> {
	try {
		return await fn();
	} catch (error) {
		const dir = path.join(ctx.runDir, 'failures');
		fs.mkdirSync(dir, { recursive: true });
		const base = path.join(dir, name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80));
		await ctx.page.screenshot({ path: `${base}.png`, fullPage: true }).catch(() => undefined);
		fs.writeFileSync(`${base}.console.txt`, ctx.console.join('\n'));
		(error as Error).message +=
			`\n(n8n ${ctx.version}; screenshot and console: ${path.relative(ROOT, base)}.png/.console.txt)`;
		throw error;
	}
}
