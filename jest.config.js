// Two projects: `unit` (pure functions, seconds) and `e2e`
// (a real n8n server with the packed package installed, minutes). `npm test` runs both.
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];

module.exports = {
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/unit'],
			transform: { '^.+\\.ts$': tsJest },
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/e2e'],
			transform: { '^.+\\.ts$': tsJest },
			globalSetup: '<rootDir>/tools/n8n/globalSetup.ts',
			setupFilesAfterEnv: ['<rootDir>/tools/n8n/jestSetup.ts'],
		},
	],
};
