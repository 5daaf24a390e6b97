// Copies the static files tsc does not emit (node and credential icons, codex files) into dist/,
// at the same relative paths, so `file:` icon references resolve in the installed package; and
// bundles fast-xml-parser into dist/vendor/, so the published package has no runtime dependencies.
const fs = require('fs');
const path = require('path');
const { task, src, dest, parallel, series } = require('gulp');

const STATIC = '**/*.{png,svg}';

function copyFrom(folder) {
	return () =>
		src(path.join(folder, STATIC), { cwd: __dirname, encoding: false }).pipe(
			dest(path.join(__dirname, 'dist', folder)),
		);
}

task('build:static', parallel(copyFrom('nodes'), copyFrom('credentials'), copyFrom('icons')));

const XML_PARSER = 'fast-xml-parser';
const VENDOR_DIR = path.join(__dirname, 'dist/vendor', XML_PARSER);
const WRAPPER = path.join(__dirname, 'dist/nodes/shared/xmlParser');

/** The folder of an installed package, found the way Node finds it from `fromDir`. */
function packageDir(name, fromDir) {
	for (let dir = fromDir; ; dir = path.dirname(dir)) {
		const candidate = path.join(dir, 'node_modules', name);
		if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
		if (dir === path.dirname(dir)) throw new Error(`${name} is not installed (npm install)`);
	}
}

const manifestOf = (dir) => JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));

/** The packages webpack bundled into the parser's prebuilt file: its production dependency tree. */
function bundledDependencies(dir, seen = new Map()) {
	for (const name of Object.keys(manifestOf(dir).dependencies ?? {})) {
		if (seen.has(name)) continue;
		const depDir = packageDir(name, dir);
		seen.set(name, depDir);
		bundledDependencies(depDir, seen);
	}
	return seen;
}

function licenseNotice(dir) {
	const { name, version, license } = manifestOf(dir);
	const file = fs.readdirSync(dir).find((entry) => /^licen[cs]e/i.test(entry));
	const text = file ? fs.readFileSync(path.join(dir, file), 'utf8').trim() : `${license} (its package.json; it ships no license file)`;
	return `${name} ${version}\n\n${text}\n`;
}

/** Replaces `from` by `to` in a built file, exactly once: a changed tsc output must fail the build, not ship a dangling require. */
function rewriteOnce(file, from, to) {
	const code = fs.readFileSync(file, 'utf8');
	if (code.split(from).length !== 2) throw new Error(`${file}: expected exactly one ${from}`);
	fs.writeFileSync(file, code.replace(from, to));
}

// fast-xml-parser's prebuilt CommonJS file (its `require` export, which the tests load too) has
// its dependencies inlined and no `require` calls. It is copied unchanged under a header naming its
// version (scripts/scanPackage.ts checks both), as `.js` so n8n's scanner lints it with our code.
task('build:vendor', (done) => {
	const parserDir = packageDir(XML_PARSER, __dirname);
	const { version, license } = manifestOf(parserDir);
	fs.mkdirSync(VENDOR_DIR, { recursive: true });
	const header = `/*! ${XML_PARSER} ${version} | ${license} | bundled by gulpfile.js from ${XML_PARSER}/lib/fxp.cjs */\n`;
	fs.writeFileSync(path.join(VENDOR_DIR, 'fxp.js'), header + fs.readFileSync(path.join(parserDir, 'lib/fxp.cjs'), 'utf8'));
	fs.copyFileSync(path.join(parserDir, 'lib/fxp.d.cts'), path.join(VENDOR_DIR, 'fxp.d.ts'));
	fs.copyFileSync(path.join(parserDir, 'LICENSE'), path.join(VENDOR_DIR, 'LICENSE'));
	const notices = [...bundledDependencies(parserDir).values()].map(licenseNotice);
	fs.writeFileSync(
		path.join(VENDOR_DIR, 'LICENSES-BUNDLED.txt'),
		`Packages ${XML_PARSER} ${version} inlines in fxp.js (versions as installed at build time):\n\n${notices.join('\n---\n\n')}`,
	);
	rewriteOnce(`${WRAPPER}.js`, `require("${XML_PARSER}")`, `require("../../vendor/${XML_PARSER}/fxp.js")`);
	rewriteOnce(`${WRAPPER}.d.ts`, `from '${XML_PARSER}'`, `from '../../vendor/${XML_PARSER}/fxp'`);
	done();
});

task('build', series('build:static', 'build:vendor'));
