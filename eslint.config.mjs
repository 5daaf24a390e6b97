// n8n's official community-node lint, self-hosted ruleset; n8n's cloud rule set runs through
// n8n's package scanner (`npm run scan`). Every rule stays on for the shipped code (nodes/,
// credentials/, package.json), `no-runtime-dependencies` included: fast-xml-parser is bundled into
// dist at build time (gulpfile.js). Tests, the n8n harness (tools/), benchmarks and developer scripts are
// never shipped; there three rules written for node code are off: they start n8n and fake vendor
// servers as processes, use fixed test secrets, and throw plain errors.
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default [
	...configWithoutCloudSupport,
	{
		files: ['test/**/*.ts', 'tools/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
		rules: {
			'@n8n/community-nodes/no-dangerous-functions': 'off',
			'@n8n/community-nodes/no-hardcoded-secrets': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
		},
	},
	{
		// The benchmark's do-nothing triggers are never published and must cost n8n no more than a
		// trigger's bare minimum: no icon or subtitle, no webhook registration, and the pack's
		// Digistore24 credential type attached (not read) as the floor for a trigger with a secret.
		files: ['bench/noop-trigger/src/**/*.ts'],
		rules: {
			'@n8n/community-nodes/icon-validation': 'off',
			'@n8n/community-nodes/require-node-description-fields': 'off',
			'@n8n/community-nodes/webhook-lifecycle-complete': 'off',
			'@n8n/community-nodes/node-connection-type-literal': 'off',
			'@n8n/community-nodes/no-credential-reuse': 'off',
		},
	},
	{ ignores: ['dist/**', 'node_modules/**', '.n8n-local/**', '.e2e/**', 'coverage/**', 'bench/noop-trigger/dist/**'] },
];
