// n8n's official community-node lint, self-hosted ruleset (the package has one runtime dependency,
// fast-xml-parser, so it cannot be in n8n's strict cloud mode). Every rule stays on for the
// shipped code (nodes/, credentials/, package.json). Test, benchmark and developer scripts are
// never shipped; there three rules written for node code are off: they start n8n and fake vendor
// servers as processes, use fixed test secrets, and throw plain errors.
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default [
	...configWithoutCloudSupport,
	{
		files: ['package.json'],
		rules: { '@n8n/community-nodes/no-runtime-dependencies': 'off' },
	},
	{
		files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
		rules: {
			'@n8n/community-nodes/no-dangerous-functions': 'off',
			'@n8n/community-nodes/no-hardcoded-secrets': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
		},
	},
	{ ignores: ['dist/**', 'node_modules/**', '.n8n-local/**', '.e2e/**', 'coverage/**'] },
];
