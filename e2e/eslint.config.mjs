// The end-to-end suite is not shipped (package.json `files` is dist/ only): it drives a real n8n from
// Node, so it may use child processes, process and the like that n8n's community-node rules forbid in
// node code. `npm run lint` looks configs up per folder, so this file governs e2e/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config({
	files: ['**/*.ts'],
	extends: [js.configs.recommended, tseslint.configs.recommended],
	rules: {
		'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
		// Workflow JSON and n8n's run data come in many shapes.
		'@typescript-eslint/no-explicit-any': 'off',
		// The shared helpers in scripts/lib are CommonJS (.cjs), loaded with require().
		'@typescript-eslint/no-require-imports': 'off',
	},
});
