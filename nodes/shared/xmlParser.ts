/**
 * fast-xml-parser, the one library the shipped code uses. It is a dev dependency, so the published
 * package has no runtime dependencies (n8n's `no-runtime-dependencies` rule): the build
 * (gulpfile.js, `build:vendor`) copies its prebuilt CommonJS file into `dist/vendor/fast-xml-parser/`
 * and points this module's compiled `require` at that copy. Tests and benchmarks run from source and
 * load the same file from node_modules (the package's `require` export).
 */
export { XMLParser } from 'fast-xml-parser';
