const path = require('path');
const { task, src, dest } = require('gulp');

// tsc compiles the TypeScript; this copies what tsc does not: the icon pair in icons/ (every node and
// credential references it, as n8n-nodes-starter does) and the codex files (`*.node.json`) that n8n
// reads for categories and documentation links.
task('build:assets', copyAssets);

function copyAssets() {
	const sources = ['icons/**/*.{png,svg}', 'nodes/**/*.node.json'];
	return src(sources, { base: '.', encoding: false }).pipe(dest(path.resolve('dist')));
}
