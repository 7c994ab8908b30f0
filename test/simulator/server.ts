/**
 * CLI: starts the Userlike simulator with the default seed, e.g. as a sandbox for a real n8n.
 *   npx tsc -p tsconfig.json --outDir /tmp/sim && node /tmp/sim/test/simulator/server.js --port 4010
 * Plain TypeScript without jest imports, so it runs after tsc.
 */
import { CUSTOMER_TOKEN, ORG2_TOKEN, ORG_TOKEN, SEEDED, createUserlikeSimulator } from './index';

export async function start(argv: string[] = process.argv.slice(2)): Promise<void> {
	let port = 4010;
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--port' && argv[i + 1] !== undefined) port = Number(argv[++i]);
		else if (a.startsWith('--port=')) port = Number(a.slice('--port='.length));
	}
	if (!Number.isInteger(port) || port < 0 || port > 65535)
		throw new Error(`invalid --port: ${port}`);
	const sim = await createUserlikeSimulator({ port });
	const lines = [
		`Userlike simulator listening on ${sim.url}`,
		`  API base URL v3: ${sim.url}/api/um/v3/   v2: ${sim.url}/api/um/v2/`,
		`  ORG_TOKEN      (organization ${SEEDED.organizationId}): ${ORG_TOKEN}`,
		`  ORG2_TOKEN     (organization ${SEEDED.organization2Id}): ${ORG2_TOKEN}`,
		`  CUSTOMER_TOKEN (default organization ${SEEDED.organizationId}; header Userlike-Organization-Id: ${SEEDED.organization2Id} for the other): ${CUSTOMER_TOKEN}`,
		`  owner operator ${SEEDED.ownerOperatorId}, read-only operator ${SEEDED.readOnlyOperatorId}`,
	];
	console.log(lines.join('\n'));
	const stop = (): void => {
		sim.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

if (require.main === module) {
	start().catch((e: Error) => {
		console.error(e.message);
		process.exit(1);
	});
}
