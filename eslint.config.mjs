// n8n's official community-node lint, self-hosted ruleset (the package has one runtime dependency,
// fast-xml-parser, so it cannot be in n8n's strict cloud mode). Every other rule stays on.
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default [
	...configWithoutCloudSupport,
	{
		files: ['package.json'],
		rules: { '@n8n/community-nodes/no-runtime-dependencies': 'off' },
	},
	{ ignores: ['dist/**', 'node_modules/**', '.n8n-local/**', '.e2e/**', 'coverage/**'] },
];
