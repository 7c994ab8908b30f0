// Tests, the Userlike simulator and the harness are not shipped (package.json `files` is dist/ only):
// they run on Node, so they may use node:http, process and the like that n8n's community-node rules
// forbid in node code. `npm run lint` enables per-folder config lookup, so this file governs test/
// while the package root keeps n8n's default configuration unchanged (strict mode checks it).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config({
	files: ['**/*.ts'],
	extends: [js.configs.recommended, tseslint.configs.recommended],
	rules: {
		'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
		// Tests read JSON bodies of many shapes.
		'@typescript-eslint/no-explicit-any': 'off',
	},
});
