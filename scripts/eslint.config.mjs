// The scripts behind npm start, npm run scan and the end-to-end suite are not shipped (package.json
// `files` is dist/ only): they are plain Node (.mjs, and .cjs shared with the jest suite), free to use
// child processes, the file system and the console. `npm run lint` looks configs up per folder, so
// this file governs scripts/.
import js from '@eslint/js';

const node = {
	process: 'readonly',
	console: 'readonly',
	Buffer: 'readonly',
	URL: 'readonly',
	URLSearchParams: 'readonly',
	AbortController: 'readonly',
	AbortSignal: 'readonly',
	TextEncoder: 'readonly',
	fetch: 'readonly',
	setTimeout: 'readonly',
	clearTimeout: 'readonly',
	setInterval: 'readonly',
	clearInterval: 'readonly',
};

export default [
	{
		files: ['**/*.mjs'],
		...js.configs.recommended,
		languageOptions: { sourceType: 'module', globals: node },
	},
	{
		files: ['**/*.cjs'],
		...js.configs.recommended,
		languageOptions: {
			sourceType: 'commonjs',
			globals: {
				...node,
				require: 'readonly',
				module: 'writable',
				exports: 'writable',
				__dirname: 'readonly',
				__filename: 'readonly',
			},
		},
	},
];
