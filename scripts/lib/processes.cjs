'use strict';
/**
 * Child processes in their own process groups, all stopped together: on a normal end, on Ctrl-C
 * (SIGINT), SIGTERM and SIGHUP, and on an uncaught error. A group is signalled as a whole
 * (`kill(-pid)`), so that n8n's task runner and npm's children stop with their parent.
 *
 * Used by the start script, the end-to-end suite and the host installer. CommonJS, so that both the
 * `.mjs` scripts and the jest suite (ts-jest, CommonJS) can load it.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');

/** @type {Map<number, { name: string, child: import('node:child_process').ChildProcess, exited: Promise<number|null> }>} */
const running = new Map();
let handlersInstalled = false;

function log(message) {
	process.stderr.write(`${message}\n`);
}

function signalGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
		return true;
	} catch (error) {
		if (error.code !== 'ESRCH')
			log(`could not send ${signal} to process group ${pid}: ${error.message}`);
		return false;
	}
}

function groupAlive(pid) {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * Starts `command` in a new process group (detached) and registers it for cleanup.
 * `options.logFile`: stdout and stderr are appended there; `options.onLine(line, stream)` sees each line.
 */
function spawnGroup(name, command, args, options = {}) {
	installHandlers();
	const { logFile, onLine, env, cwd, stdin } = options;
	const child = spawn(command, args, {
		cwd,
		env: env ?? process.env,
		detached: true,
		stdio: [stdin ?? 'ignore', 'pipe', 'pipe'],
	});
	// Synchronous appends: the log is complete, in order, the moment the process is reported ended.
	const logFd = logFile ? fs.openSync(logFile, 'a') : undefined;
	const writeLog = (chunk) => {
		if (logFd === undefined) return;
		try {
			fs.writeSync(logFd, chunk);
		} catch {
			// a full disk must not break the run
		}
	};
	for (const streamName of ['stdout', 'stderr']) {
		let pending = '';
		child[streamName].on('data', (chunk) => {
			writeLog(chunk);
			if (!onLine) return;
			pending += chunk.toString('utf8');
			const lines = pending.split('\n');
			pending = lines.pop();
			for (const line of lines) onLine(line, streamName);
		});
		child[streamName].on('end', () => {
			if (onLine && pending) onLine(pending, streamName);
			pending = '';
		});
	}
	const exited = new Promise((resolve) => {
		let code;
		let finished = false;
		const finish = () => {
			if (finished) return;
			finished = true;
			running.delete(child.pid);
			if (logFd !== undefined) fs.closeSync(logFd);
			resolve(code);
		};
		child.on('exit', (exitCode, signal) => {
			code = exitCode ?? (signal ? 128 : null);
			// The group may outlive its leader (e.g. n8n's task runner): stop the rest.
			if (child.pid && groupAlive(child.pid)) signalGroup(child.pid, 'SIGTERM');
			// 'close' follows once the output pipes are drained; a grandchild holding them open is not waited for long.
			setTimeout(() => {
				if (finished) return;
				if (child.pid && groupAlive(child.pid)) signalGroup(child.pid, 'SIGKILL');
				finish();
			}, 5000).unref();
		});
		child.on('close', finish);
		child.on('error', (error) => {
			log(`${name}: ${error.message}`);
			code = 127;
			finish();
		});
	});
	if (child.pid) running.set(child.pid, { name, child, exited });
	return { child, pid: child.pid, exited, stop: (timeoutMs) => stopGroup(child.pid, timeoutMs) };
}

/** SIGTERM to the group, SIGKILL after `timeoutMs`; resolves when the leader has exited. */
async function stopGroup(pid, timeoutMs = 10_000) {
	const entry = running.get(pid);
	if (!entry) {
		if (pid && groupAlive(pid)) signalGroup(pid, 'SIGKILL');
		return;
	}
	signalGroup(pid, 'SIGTERM');
	let timer;
	const timedOut = new Promise((resolve) => {
		timer = setTimeout(() => resolve('timeout'), timeoutMs);
	});
	const outcome = await Promise.race([entry.exited, timedOut]);
	clearTimeout(timer);
	if (outcome === 'timeout') {
		log(`${entry.name} did not stop within ${timeoutMs / 1000} s: killing it`);
		signalGroup(pid, 'SIGKILL');
		await Promise.race([entry.exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
	}
	// Whatever is left in the group (a grandchild that ignored SIGTERM) goes too.
	if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
}

/** Stops every group started here, newest first. */
async function stopAll(timeoutMs = 10_000) {
	const pids = [...running.keys()].reverse();
	for (const pid of pids) await stopGroup(pid, timeoutMs);
}

/** Synchronous last resort for `process.on('exit')`: SIGKILL to every group still registered. */
function killAllNow() {
	for (const pid of running.keys()) signalGroup(pid, 'SIGKILL');
	running.clear();
}

const exitHooks = [];
/** Runs `hook` (async allowed) before the processes are stopped on a signal. */
function onShutdown(hook) {
	exitHooks.push(hook);
}

let shuttingDown = false;
async function shutdown(code, reason) {
	if (shuttingDown) return;
	shuttingDown = true;
	if (reason) log(reason);
	for (const hook of exitHooks) {
		try {
			await hook();
		} catch (error) {
			log(`shutdown: ${error.message}`);
		}
	}
	await stopAll(8000);
	process.exit(code);
}

function installHandlers() {
	if (handlersInstalled) return;
	handlersInstalled = true;
	process.on('exit', killAllNow);
	for (const [signal, code] of [
		['SIGINT', 130],
		['SIGTERM', 143],
		['SIGHUP', 129],
	]) {
		process.on(signal, () => {
			if (shuttingDown) {
				// A second Ctrl-C: do not wait any longer.
				killAllNow();
				process.exit(code);
			}
			void shutdown(code, `\n${signal}: stopping everything that was started…`);
		});
	}
}

/**
 * Runs a command to completion in its own group; resolves `{ code, stdout, stderr }`.
 * Kills the group after `timeoutMs` (code 124). Output is also appended to `logFile` when given.
 */
function run(name, command, args, options = {}) {
	const { timeoutMs = 600_000 } = options;
	const out = [];
	const err = [];
	const started = spawnGroup(name, command, args, {
		...options,
		onLine: (line, stream) => {
			(stream === 'stdout' ? out : err).push(line);
			options.onLine?.(line, stream);
		},
	});
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		void started.stop(5000);
	}, timeoutMs);
	return started.exited.then((code) => {
		clearTimeout(timer);
		return {
			code: timedOut ? 124 : code,
			timedOut,
			stdout: out.join('\n'),
			stderr: err.join('\n'),
		};
	});
}

module.exports = {
	spawnGroup,
	stopGroup,
	stopAll,
	run,
	onShutdown,
	shutdown,
	installHandlers,
	running,
};
