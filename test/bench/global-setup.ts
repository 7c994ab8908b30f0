/** jest globalSetup of `npm run bench`: starts a fresh collection of rows (see results.ts). */
import { resetRows } from './results';

export default function globalSetup(): void {
	resetRows();
}
