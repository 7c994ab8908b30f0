const path = require('path');
const { task, src, dest } = require('gulp');

// tsc compiles the TypeScript; this copies what tsc does not: node and credential icons (SVG, PNG)
// and the codex files (`*.node.json`) that n8n reads for categories and documentation links.
task('build:assets', copyAssets);

function copyAssets() {
	const sources = ['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}', 'icons/**/*.{png,svg}'];
	return src(sources, { base: '.', encoding: false }).pipe(dest(path.resolve('dist')));
}
