/**
 * The collector behind `bench/RESULTS.md`. Every bench file (`test/bench/*.bench.ts`) records its rows
 * with `recordRow`; jest's globalSetup (`resetRows`) empties the collection before the run and its
 * globalTeardown (`writeResults`) writes the Markdown once all bench files have run. Rows travel
 * through a file (`.bench/rows.jsonl`, git-ignored) because jest runs bench files in worker processes
 * and the teardown in the parent.
 *
 *   recordRow({ section: 'Transport', case: 'Return All, 10,000 conversations', value: '812 ms',
 *               read: 'wall time, lower is better; compare with the bare undici row' });
 */
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface BenchRow {
	/** The table the row goes in, e.g. "API calls" or "Triggers". Sections are sorted by name; rows keep their order. */
	section: string;
	/** What was measured, e.g. "conversation getAll, Return All, 10,000 conversations". */
	case: string;
	/** The figure(s), with units, e.g. "100 calls" or "median 1.2 ms, p99 3.4 ms". */
	value: string;
	/** How to read the row: what the figure means, what it is compared with, what is good. */
	read: string;
}

const ROOT = path.resolve(__dirname, '..', '..');
// USERLIKE_BENCH_ROWS: another collection, for a second bench run at the same time (e.g. two n8n hosts).
const ROWS_FILE = process.env.USERLIKE_BENCH_ROWS
	? path.resolve(process.env.USERLIKE_BENCH_ROWS)
	: path.join(ROOT, '.bench', 'rows.jsonl');
export const RESULTS_FILE = path.join(ROOT, 'bench', 'RESULTS.md');

export function recordRow(row: BenchRow): void {
	mkdirSync(path.dirname(ROWS_FILE), { recursive: true });
	appendFileSync(ROWS_FILE, `${JSON.stringify({ ...row, file: currentFile() })}\n`);
}

/** The bench file recording the row (from jest's test path), for the Markdown's source column. */
function currentFile(): string {
	const testPath = (
		globalThis as { expect?: { getState?: () => { testPath?: string } } }
	).expect?.getState?.().testPath;
	return testPath ? path.relative(ROOT, testPath) : '';
}

export function resetRows(): void {
	rmSync(ROWS_FILE, { force: true });
}

export function readRows(): Array<BenchRow & { file: string }> {
	let text = '';
	try {
		text = readFileSync(ROWS_FILE, 'utf8');
	} catch {
		return [];
	}
	return text
		.split('\n')
		.filter((line) => line.trim() !== '')
		.map((line) => JSON.parse(line) as BenchRow & { file: string });
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Median and percentile of a list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
	if (!values.length) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[rank];
}

export function machine(): string[] {
	const cpus = os.cpus();
	return [
		`- Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} logical cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()} (${os.arch()})`,
		`- Node.js ${process.version}`,
	];
}

/** Writes bench/RESULTS.md from the recorded rows. */
export function writeResults(): void {
	const rows = readRows();
	const sections = new Map<string, Array<BenchRow & { file: string }>>();
	for (const row of rows) {
		if (!sections.has(row.section)) sections.set(row.section, []);
		sections.get(row.section)!.push(row);
	}
	const lines = [
		'# Benchmark results',
		'',
		'Written by `npm run bench` (jest with `jest.bench.config.js`: every `test/bench/*.bench.ts`, one',
		'file after another, through the same n8n-core harness and local simulator as the tests). Times are',
		"for this machine and run only; call counts and sizes do not depend on the machine. Each row's",
		'"how to read" says what the figure means and what it is compared with.',
		'',
		`- Date: ${new Date().toISOString()}`,
		...machine(),
		`- Rows: ${rows.length}`,
		'',
	];
	// A run of some bench files only (e.g. one n8n host) keeps the sections it did not measure, as the
	// earlier run wrote them (their own figures; the date above is this run's).
	const kept = keptSections(new Set(sections.keys()));
	if (kept.size)
		lines.push(
			`- Sections kept from earlier runs (not measured in this one): ${[...kept.keys()].join('; ')}`,
			'',
		);
	const all = [...new Set([...sections.keys(), ...kept.keys()])].sort((a, b) => a.localeCompare(b));
	for (const section of all) {
		if (kept.has(section)) {
			lines.push(kept.get(section)!, '');
			continue;
		}
		const sectionRows = sections.get(section)!;
		lines.push(
			`## ${section}`,
			'',
			'| case | result | how to read | bench file |',
			'| --- | --- | --- | --- |',
		);
		for (const row of sectionRows) {
			lines.push(
				`| ${cell(row.case)} | ${cell(row.value)} | ${cell(row.read)} | ${cell(row.file)} |`,
			);
		}
		lines.push('');
	}
	mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
	writeFileSync(RESULTS_FILE, lines.join('\n'));
}

/** The sections of the current bench/RESULTS.md (title → Markdown) whose titles are not in `measured`. */
function keptSections(measured: Set<string>): Map<string, string> {
	const kept = new Map<string, string>();
	let text = '';
	try {
		text = readFileSync(RESULTS_FILE, 'utf8');
	} catch {
		return kept;
	}
	const parts = text.split(/^(?=## )/m).slice(1);
	for (const part of parts) {
		const title = part.slice(3, part.indexOf('\n')).trim();
		if (!measured.has(title)) kept.set(title, part.trimEnd());
	}
	return kept;
}
