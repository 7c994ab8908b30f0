/**
 * Benchmark: what installing and loading the package costs n8n. Rows go to bench/RESULTS.md.
 *   - cold require: a fresh Node.js process requires every node and credential file of dist/ (as
 *     n8n's loader does at start-up), timed inside that process; n8n-workflow is required first and
 *     not counted, since n8n has it loaded already;
 *   - tarball: `npm pack --dry-run --json` (what npm would publish, nothing written).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { PACKAGE_ROOT } from '../harness/n8n';
import { percentile, recordRow } from './results';

const SECTION = 'Package (install and load)';
const RUNS = 15;

test('cold require time of every node and credential', () => {
	const manifest = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8'));
	const files: string[] = [...manifest.n8n.nodes, ...manifest.n8n.credentials].map((file: string) =>
		path.join(PACKAGE_ROOT, file),
	);
	const script = `
		require('n8n-workflow');
		const files = JSON.parse(process.argv[1]);
		const started = process.hrtime.bigint();
		for (const file of files) require(file);
		process.stdout.write(String(Number(process.hrtime.bigint() - started) / 1e6));
	`;
	const times: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const out = execFileSync(process.execPath, ['-e', script, JSON.stringify(files)], {
			cwd: PACKAGE_ROOT,
			encoding: 'utf8',
			timeout: 60_000,
		});
		times.push(Number(out));
	}
	expect(times.every((time) => Number.isFinite(time) && time > 0)).toBe(true);
	recordRow({
		section: SECTION,
		case: `cold require of the ${files.length} entry files of dist/ (${manifest.n8n.nodes.length} nodes, ${manifest.n8n.credentials.length} credentials), fresh process each run`,
		value: `median ${percentile(times, 50).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms (${RUNS} runs)`,
		read: "what n8n's start-up spends loading this package (n8n-workflow already loaded); lower is better",
	});
});

test('tarball size', () => {
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: PACKAGE_ROOT,
		encoding: 'utf8',
		timeout: 120_000,
	});
	const [pack] = JSON.parse(out) as Array<{
		size: number;
		unpackedSize: number;
		entryCount: number;
	}>;
	expect(pack.size).toBeGreaterThan(0);
	recordRow({
		section: SECTION,
		case: 'npm tarball (`npm pack --dry-run`)',
		value: `${(pack.size / 1024).toFixed(1)} KiB packed, ${(pack.unpackedSize / 1024).toFixed(1)} KiB unpacked, ${pack.entryCount} files`,
		read: 'what `npm install n8n-nodes-userlike` downloads and unpacks into ~/.n8n/nodes (no runtime dependencies)',
	});
});
