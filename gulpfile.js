// Copies the static files tsc does not emit (node and credential icons, codex files) into dist/,
// at the same relative paths, so `file:` icon references resolve in the installed package.
const path = require('path');
const { task, src, dest, parallel } = require('gulp');

const STATIC = '**/*.{png,svg}';

function copyFrom(folder) {
	return () =>
		src(path.join(folder, STATIC), { cwd: __dirname, encoding: false }).pipe(
			dest(path.join(__dirname, 'dist', folder)),
		);
}

task('build:static', parallel(copyFrom('nodes'), copyFrom('credentials'), copyFrom('icons')));
