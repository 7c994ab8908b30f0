/** jest globalTeardown of `npm run bench`: writes bench/RESULTS.md from every bench file's rows. */
import { RESULTS_FILE, readRows, writeResults } from './results';

export default function globalTeardown(): void {
	writeResults();
	process.stdout.write(`\nbench: ${readRows().length} rows written to ${RESULTS_FILE}\n`);
}
