/**
 * Once per test run (jest globalSetup, bench scripts): Node 24 and n8n from the cache
 * (scripts/provision.sh installs them on first use), the package built and packed, and a template
 * n8n user folder with the tarball installed the way n8n installs community packages and the
 * database already migrated. Each n8n instance then starts from a copy of that template.
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import {
	ENCRYPTION_KEY,
	INSTANCES_DIR,
	PACK_DIR,
	PACKAGE_NAME,
	REPO_ROOT,
	RUNTIME_FILE,
	TEMPLATE_DIR,
	type Runtime,
} from './paths';

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
	return execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 });
}

export function log(message: string): void {
	process.stderr.write(`[fundraising-sync] ${message}\n`);
}

/** The n8n version comes from N8N_VERSION (read by scripts/provision.sh), else the primary one. */
export function provisionN8n(): Pick<Runtime, 'node24Bin' | 'n8nDir' | 'n8nVersion'> {
	const out = run('bash', [join(REPO_ROOT, 'scripts/provision.sh')], REPO_ROOT);
	const value = (name: string) => {
		const line = out.split('\n').find((l) => l.startsWith(`${name}=`));
		if (!line) throw new Error(`scripts/provision.sh did not report ${name}`);
		return line.slice(name.length + 1).trim();
	};
	const n8nDir = value('N8N_DIR');
	const { version } = JSON.parse(readFileSync(join(n8nDir, 'node_modules/n8n/package.json'), 'utf8')) as { version: string };
	return { node24Bin: value('NODE24_BIN'), n8nDir, n8nVersion: version };
}

export function packPackage(destination = PACK_DIR): string {
	rmSync(destination, { recursive: true, force: true });
	mkdirSync(destination, { recursive: true });
	log('building and packing the package');
	run('npm', ['run', 'build', '--silent'], REPO_ROOT);
	run('npm', ['pack', '--silent', '--pack-destination', destination], REPO_ROOT);
	const tarball = readdirSync(destination).find((file) => file.startsWith(PACKAGE_NAME) && file.endsWith('.tgz'));
	if (!tarball) throw new Error('npm pack produced no tarball');
	return join(destination, tarball);
}

/** n8n's community-package installer: runtime dependencies only, no scripts, no peers. */
export function installPackageInto(userFolder: string, ...packages: string[]): void {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	rmSync(join(nodesDir, 'node_modules'), { recursive: true, force: true });
	mkdirSync(nodesDir, { recursive: true });
	writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }));
	run(
		'npm',
		['install', '--ignore-scripts', '--omit=dev', '--omit=peer', '--legacy-peer-deps', '--install-links', '--no-audit', '--no-fund', '--loglevel=error', ...packages],
		nodesDir,
	);
}

export function n8nEnv(runtime: Pick<Runtime, 'node24Bin'>, userFolder: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	return {
		PATH: `${runtime.node24Bin}:${process.env.PATH ?? ''}`,
		HOME: process.env.HOME,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		DB_TYPE: 'sqlite',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_LOG_OUTPUT: 'console',
		N8N_LOG_LEVEL: 'info',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_RUNNERS_AUTH_TOKEN: 'e2e-runner-token',
		...extra,
	};
}

/** Runs an n8n CLI command; `env` overrides the defaults (e.g. a PostgreSQL database instead of SQLite). */
export function n8nCli(runtime: Runtime, userFolder: string, args: string[], env: Record<string, string> = {}): string {
	return run(join(runtime.node24Bin, 'node'), [n8nBin(runtime), ...args], userFolder, n8nEnv(runtime, userFolder, env));
}

export function n8nBin(runtime: Pick<Runtime, 'n8nDir'>): string {
	return join(runtime.n8nDir, 'node_modules/n8n/bin/n8n');
}

export function prepareRuntime(): Runtime {
	const started = Date.now();
	const tools = provisionN8n();
	const tarball = packPackage();
	const runtime: Runtime = { ...tools, tarball };

	rmSync(TEMPLATE_DIR, { recursive: true, force: true });
	rmSync(INSTANCES_DIR, { recursive: true, force: true });
	mkdirSync(TEMPLATE_DIR, { recursive: true });
	log(`installing the tarball into a template n8n ${runtime.n8nVersion} user folder`);
	installPackageInto(TEMPLATE_DIR, tarball);
	log('migrating the template database');
	n8nCli(runtime, TEMPLATE_DIR, ['list:workflow']);
	if (!existsSync(join(TEMPLATE_DIR, '.n8n', 'database.sqlite'))) throw new Error('n8n did not create its database');
	writeFileSync(RUNTIME_FILE, JSON.stringify(runtime, null, 2));
	log(`ready in ${Math.round((Date.now() - started) / 1000)} s`);
	return runtime;
}
