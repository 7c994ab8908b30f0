/**
 * n8n-core's own services, as the node contexts get them: n8n-core pins its own @n8n/di, so its DI
 * container is not the one a test would import; everything here resolves from n8n-core's folder.
 */
import path from 'node:path';

const CORE_ENTRY = require.resolve('n8n-core');
const fromCore = (request: string) => require.resolve(request, { paths: [CORE_ENTRY] });

type Constructor<T> = new (...args: never[]) => T;

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const Container = require(fromCore('@n8n/di')).Container as {
	get<T>(type: Constructor<T>): T;
};

/** n8n's logger, as node contexts get it (`this.logger`), e.g. to watch for a warning. */
export function n8nLogger(): { warn: (message: string) => void } {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Logger } = require(fromCore('@n8n/backend-common')) as {
		Logger: Constructor<{ warn: (message: string) => void }>;
	};
	return Container.get(Logger);
}

let nodesRun = false;

/** Called for every execution context the harness prepares (buildAdditionalData). */
export function noteNodesRun(): void {
	nodesRun = true;
}

/**
 * Ends what n8n-core leaves running after a node ran: every execution context asks n8n-core's
 * container for its SSHClientsManager, whose constructor starts a 60-second cleanup interval that
 * would keep the test process alive. Its public `onShutdown()` (what n8n calls on exit) clears it.
 * Run after each test file that loads the harness (test/harness/n8n.ts), when it ran nodes (a file
 * that ran none made no manager, and asking the container for one would make it).
 */
export function shutDownCore(): void {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { SSHClientsManager } = require(
		path.join(path.dirname(CORE_ENTRY), 'execution-engine', 'ssh-clients-manager'),
	) as { SSHClientsManager: Constructor<{ onShutdown(): void }> };
	if (nodesRun) Container.get(SSHClientsManager).onShutdown();
}
