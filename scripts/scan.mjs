#!/usr/bin/env node
/**
 * n8n's verification scanner, offline: the analyzer of @n8n/scan-community-package (the one n8n runs
 * before it verifies a community package) over
 *   1. the source tree, with the file patterns n8n uses for the provenance-attested source checkout
 *      (package.json and nodes/, credentials/ sources), and
 *   2. the unpacked `npm pack` tarball, with the patterns n8n uses for the published artifact
 *      (compiled .js and the published package.json).
 * Both must pass. `analyzePackageByName` (the CLI) cannot be used before publishing: it downloads the
 * package and its provenance from the registry and the source from GitHub.
 *
 *   npm run build && npm run scan
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const missing = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])].filter(
	(file) => !fs.existsSync(path.join(root, file)),
);
if (missing.length) {
	console.error(`scan: ${missing.join(', ')} missing: run \`npm run build\` first.`);
	process.exit(1);
}

// The scanner creates a temporary folder when it is imported: keep it under our own temporary folder.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-userlike-scan-'));
process.env.TMPDIR = work;
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(
	'@n8n/scan-community-package/scanner/scanner.mjs'
);
const scannerVersion = JSON.parse(
	fs.readFileSync(path.join(root, 'node_modules/@n8n/scan-community-package/package.json'), 'utf8'),
).version;

let failed = false;
function report(label, result) {
	if (result.passed) {
		console.log(`✅ ${label}: passed${result.message ? ` (${result.message})` : ''}`);
		return;
	}
	failed = true;
	console.log(`❌ ${label}: ${result.message}`);
	if (result.details) console.log(result.details);
}

try {
	console.log(
		`n8n scanner (@n8n/scan-community-package ${scannerVersion}) on ${pkg.name}@${pkg.version}`,
	);
	// A canary first: a package that breaks n8n's rules must fail, or the scanner is not really running
	// (e.g. a plugin failed to load and nothing was checked).
	const canary = path.join(work, 'canary');
	fs.mkdirSync(path.join(canary, 'nodes'), { recursive: true });
	fs.writeFileSync(
		path.join(canary, 'package.json'),
		JSON.stringify({
			name: 'n8n-nodes-canary',
			version: '0.0.1',
			dependencies: { axios: '1.0.0' },
		}),
	);
	fs.writeFileSync(
		path.join(canary, 'nodes', 'Canary.node.js'),
		'console.log(process.env.SECRET);\n',
	);
	const canaryResult = await analyzePackage(canary, ['**/*.js', 'package.json']);
	if (canaryResult.passed) {
		failed = true;
		console.log(
			'❌ canary: the scanner passed a package that breaks its rules; it is not checking anything',
		);
	} else {
		const rules = [
			...new Set((canaryResult.details ?? '').match(/[@\w-]+\/[\w-]+(?=\s*$)|no-console/gm) ?? []),
		];
		console.log(
			`✅ canary: a rule-breaking package is refused (${rules.join(', ') || canaryResult.message})`,
		);
	}

	report(
		`source (${SOURCE_FILE_PATTERNS.join(', ')})`,
		await analyzePackage(root, SOURCE_FILE_PATTERNS),
	);

	const packDir = path.join(work, 'pack');
	fs.mkdirSync(packDir);
	const pack = spawnSync(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', packDir],
		{
			cwd: root,
			encoding: 'utf8',
		},
	);
	if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
	const [{ filename, files }] = JSON.parse(pack.stdout);
	const unpacked = path.join(work, 'package');
	fs.mkdirSync(unpacked);
	const tar = spawnSync(
		'tar',
		['-xzf', path.join(packDir, path.basename(filename)), '-C', unpacked, '--strip-components=1'],
		{
			encoding: 'utf8',
		},
	);
	if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
	const shipped = files.map((f) => f.path);
	const outside = shipped.filter(
		(f) => f !== 'package.json' && !/^(dist\/|README\.md$|LICENSE(\.md)?$|CHANGELOG\.md$)/.test(f),
	);
	if (outside.length) {
		failed = true;
		console.log(`❌ tarball: unexpected files ${outside.join(', ')}`);
	}
	// n8n's loader reads package.json, the node and credential .js files, the .node.json codex files and
	// the icons; the scanner reads .js and package.json. Source maps and declarations are dead weight.
	const unread = shipped.filter((f) => /\.(map|d\.ts)$/.test(f));
	if (unread.length) {
		failed = true;
		console.log(`❌ tarball: ${unread.length} source maps or declarations n8n never reads`);
	}
	if (!shipped.includes('LICENSE')) {
		failed = true;
		console.log('❌ tarball: no LICENSE file (package.json says MIT)');
	}
	report(
		`tarball ${path.basename(filename)} (${shipped.length} files; **/*.js, package.json)`,
		await analyzePackage(unpacked, ['**/*.js', 'package.json']),
	);
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}
console.log(
	`scan ${failed ? 'failed' : 'passed'} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
process.exit(failed ? 1 : 0);
