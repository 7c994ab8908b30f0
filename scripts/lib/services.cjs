'use strict';
/**
 * Throw-away PostgreSQL and Redis servers for n8n's queue mode (npm run test:e2e:queue): each in its
 * own temporary folder, on a free port of 127.0.0.1, started as child process groups (processes.cjs)
 * and removed with their data by `stop()`.
 *
 * `ensureServerPackages()` installs Debian's redis-server and postgresql when their programs are
 * missing and we are root (CI is root on a fresh machine: `apt-get update` first, no prompts).
 * PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres` user the Debian
 * package creates (`runuser -u postgres`), in a folder that user owns.
 */
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { run, spawnGroup } = require('./processes.cjs');
const { freePort, sleep } = require('./n8n.cjs');

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** The folder with initdb and postgres: PATH, else Debian's newest /usr/lib/postgresql/<n>/bin. */
function postgresBinDir() {
	const debian = '/usr/lib/postgresql';
	if (fs.existsSync(debian)) {
		const versions = fs
			.readdirSync(debian)
			.filter((v) => fs.existsSync(path.join(debian, v, 'bin', 'initdb')))
			.sort((a, b) => Number(b) - Number(a));
		if (versions.length) return path.join(debian, versions[0], 'bin');
	}
	const onPath = which('initdb');
	return onPath ? path.dirname(onPath) : undefined;
}

function which(program) {
	for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
		const full = path.join(dir, program);
		try {
			fs.accessSync(full, fs.constants.X_OK);
			return full;
		} catch {
			// not here
		}
	}
	return undefined;
}

function redisServerBin() {
	return (
		which('redis-server') ??
		(fs.existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : undefined)
	);
}

/**
 * Installs what is missing from Debian's packages (as root only; otherwise says what to install).
 * Resolves the list of packages it installed.
 */
async function ensureServerPackages({ say = (m) => process.stderr.write(`${m}\n`) } = {}) {
	const missing = [];
	if (!redisServerBin()) missing.push('redis-server');
	if (!postgresBinDir()) missing.push('postgresql');
	await aptInstall(missing, 'queue mode', say);
	if (missing.length && (!redisServerBin() || !postgresBinDir()))
		throw new Error(`${missing.join(', ')} installed, but redis-server or initdb is still missing`);
	return missing;
}

/** Debian's Chromium, for the editor suite (npm run test:ui). */
const CHROMIUM = '/usr/bin/chromium';

/** Installs Debian's chromium when it is missing (as root); resolves the browser's path. */
async function ensureChromium({ say = (m) => process.stderr.write(`${m}\n`) } = {}) {
	const found = () => (fs.existsSync(CHROMIUM) ? CHROMIUM : which('chromium'));
	if (!found()) await aptInstall(['chromium', 'fonts-liberation'], 'the editor suite', say);
	const browser = found();
	if (!browser) throw new Error('chromium installed, but /usr/bin/chromium is still missing');
	return browser;
}

/** `apt-get update && apt-get install -y <missing>` (root only, no prompts). */
async function aptInstall(missing, purpose, say) {
	if (!missing.length) return;
	if (!isRoot || !which('apt-get'))
		throw new Error(
			`${purpose} needs ${missing.join(' and ')}: install ${missing.join(', ')} (e.g. sudo apt-get install ${missing.join(' ')})`,
		);
	say(`Installing ${missing.join(', ')} from Debian's packages (apt-get)`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const update = await run('apt-get update', 'apt-get', ['update', '-qq'], {
		env,
		timeoutMs: 10 * 60_000,
	});
	if (update.code !== 0) throw new Error(`apt-get update failed:\n${update.stderr}`);
	const install = await run(
		'apt-get install',
		'apt-get',
		['install', '-y', '-qq', '--no-install-recommends', ...missing],
		{ env, timeoutMs: 15 * 60_000 },
	);
	if (install.code !== 0)
		throw new Error(`apt-get install ${missing.join(' ')} failed:\n${install.stderr}`);
}

/** Waits (bounded) until 127.0.0.1:port accepts a TCP connection. */
async function waitForPort(port, timeoutMs, exited) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (exited()) return false;
		const open = await new Promise((resolve) => {
			const socket = net.connect({ host: '127.0.0.1', port });
			socket.once('connect', () => {
				socket.destroy();
				resolve(true);
			});
			socket.once('error', () => resolve(false));
			socket.setTimeout(1000, () => {
				socket.destroy();
				resolve(false);
			});
		});
		if (open) return true;
		await sleep(200);
	}
	return false;
}

function tailOf(file, lines = 30) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

/** The command prefix that runs a program as the cluster's owner. */
function asOwner(owner) {
	return owner ? ['runuser', ['-u', owner, '--']] : undefined;
}

function command(owner, program, args) {
	const prefix = asOwner(owner);
	return prefix ? [prefix[0], [...prefix[1], program, ...args]] : [program, args];
}

/**
 * A PostgreSQL cluster in `dir` (created), listening on 127.0.0.1:<free port> only (no Unix socket
 * outside `dir`), with password authentication for one user and database.
 */
async function startPostgres(dir, { timeoutMs = 120_000 } = {}) {
	const bin = postgresBinDir();
	if (!bin) throw new Error('PostgreSQL is not installed (initdb not found)');
	const owner = isRoot ? 'postgres' : undefined;
	if (owner) {
		try {
			execFileSync('id', ['-u', owner], { stdio: 'ignore' });
		} catch {
			throw new Error('running as root, but there is no "postgres" user to run PostgreSQL as');
		}
	}
	const data = path.join(dir, 'data');
	const socketDir = path.join(dir, 'socket');
	fs.mkdirSync(socketDir, { recursive: true });
	const logFile = path.join(dir, 'postgres.log');
	fs.writeFileSync(logFile, '');
	const database = { user: 'n8n', password: crypto.randomBytes(12).toString('hex'), name: 'n8n' };
	const pwFile = path.join(dir, 'pwfile');
	fs.writeFileSync(pwFile, `${database.password}\n`, { mode: 0o600 });
	if (owner) execFileSync('chown', ['-R', owner, dir]);
	fs.chmodSync(dir, 0o755);

	const [initCmd, initArgs] = command(owner, path.join(bin, 'initdb'), [
		'-D',
		data,
		'-U',
		database.user,
		`--pwfile=${pwFile}`,
		'-A',
		'scram-sha-256',
		'-E',
		'UTF8',
		'--no-locale',
		'--no-sync',
	]);
	const init = await run('initdb', initCmd, initArgs, { logFile, timeoutMs: 120_000 });
	fs.rmSync(pwFile, { force: true });
	if (init.code !== 0) throw new Error(`initdb failed (exit ${init.code}):\n${tailOf(logFile)}`);

	const port = await freePort();
	const [pgCmd, pgArgs] = command(owner, path.join(bin, 'postgres'), [
		'-D',
		data,
		'-p',
		String(port),
		'-h',
		'127.0.0.1',
		'-k',
		socketDir,
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
		'-c',
		'max_connections=100',
	]);
	const server = spawnGroup('postgres', pgCmd, pgArgs, { logFile });
	let exitCode;
	server.exited.then((code) => {
		exitCode = code;
	});
	if (!(await waitForPort(port, timeoutMs, () => exitCode !== undefined)))
		throw new Error(`PostgreSQL did not come up on 127.0.0.1:${port}:\n${tailOf(logFile)}`);

	const psqlEnv = { ...process.env, PGPASSWORD: database.password };
	// initdb made the databases postgres and template1; n8n wants its own. PostgreSQL opens its port
	// before it accepts connections ("the database system is starting up"): retried until then (bounded).
	const createUntil = Date.now() + timeoutMs;
	for (;;) {
		const create = await run(
			'createdb',
			path.join(bin, 'createdb'),
			['-h', '127.0.0.1', '-p', String(port), '-U', database.user, database.name],
			{ env: psqlEnv, timeoutMs: 30_000 },
		);
		if (create.code === 0) break;
		if (!/starting up/.test(create.stderr) || Date.now() > createUntil)
			throw new Error(`createdb failed:\n${create.stderr}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	return {
		port,
		...database,
		logFile,
		/** What n8n needs to use this database. */
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: database.name,
			DB_POSTGRESDB_USER: database.user,
			DB_POSTGRESDB_PASSWORD: database.password,
		},
		stop: () => server.stop(20_000),
	};
}

/** A Redis server with its folder `dir`, on 127.0.0.1:<free port>, nothing saved to disk. */
async function startRedis(dir, { timeoutMs = 60_000 } = {}) {
	const bin = redisServerBin();
	if (!bin) throw new Error('redis-server is not installed');
	fs.mkdirSync(dir, { recursive: true });
	const logFile = path.join(dir, 'redis.log');
	fs.writeFileSync(logFile, '');
	const port = await freePort();
	const server = spawnGroup(
		'redis-server',
		bin,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--dir',
			dir,
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
			'--protected-mode',
			'yes',
		],
		{ logFile, cwd: dir },
	);
	let exitCode;
	server.exited.then((code) => {
		exitCode = code;
	});
	if (!(await waitForPort(port, timeoutMs, () => exitCode !== undefined)))
		throw new Error(`Redis did not come up on 127.0.0.1:${port}:\n${tailOf(logFile)}`);
	return {
		port,
		logFile,
		env: { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) },
		stop: () => server.stop(10_000),
	};
}

/**
 * Redis and PostgreSQL for one run, in one temporary folder (under the system's temp folder, which
 * the postgres user can reach). `stop()` stops both and removes the folder, data included.
 */
async function startQueueServices({ say = (m) => process.stderr.write(`${m}\n`) } = {}) {
	await ensureServerPackages({ say });
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'userlike-queue-'));
	// mkdtemp makes it 0700: the postgres user must be able to reach its folder inside.
	fs.chmodSync(dir, 0o755);
	const started = [];
	const stop = async () => {
		for (const service of started.reverse()) {
			try {
				await service.stop();
			} catch (error) {
				say(`stopping a service: ${error.message}`);
			}
		}
		started.length = 0;
		fs.rmSync(dir, { recursive: true, force: true });
	};
	try {
		const redis = await startRedis(path.join(dir, 'redis'));
		started.push(redis);
		const postgres = await startPostgres(path.join(dir, 'postgres'));
		started.push(postgres);
		return { dir, redis, postgres, env: { ...redis.env, ...postgres.env }, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

module.exports = {
	ensureServerPackages,
	ensureChromium,
	CHROMIUM,
	startPostgres,
	startRedis,
	startQueueServices,
	postgresBinDir,
	redisServerBin,
};
