/**
 * `npm start`: build the pack, install it into a local n8n user folder (.n8n-local/, git-ignored)
 * the way n8n installs community packages, import the workflow templates (templates/*.json) once,
 * and run n8n 2.40.7 in the foreground on http://localhost:5678 (PORT overrides). Ctrl+C stops it;
 * the folder keeps its database.
 */
import { execFileSync, spawn } from 'child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { installPackageInto, log, n8nEnv, packPackage, provisionN8n } from '../tools/n8n/provision';
import { REPO_ROOT } from '../tools/n8n/paths';

const USER_FOLDER = join(REPO_ROOT, '.n8n-local');
const TEMPLATES_DIR = join(REPO_ROOT, 'templates');
/** The templates imported so far: each is imported once, so one the user deleted does not come back. */
const TEMPLATES_MARKER = join(USER_FOLDER, 'imported-templates.json');
const port = process.env.PORT ?? '5678';

const runtime = provisionN8n();
const tarball = packPackage(join(USER_FOLDER, 'pack'));
mkdirSync(USER_FOLDER, { recursive: true });
log(`installing ${tarball} into ${USER_FOLDER}/.n8n/nodes`);
installPackageInto(USER_FOLDER, tarball);

// The CLI and the server must share the environment (the encryption key above all).
const env = n8nEnv(runtime, USER_FOLDER, {
	N8N_PORT: port,
	N8N_LISTEN_ADDRESS: process.env.N8N_LISTEN_ADDRESS ?? '0.0.0.0',
	N8N_RUNNERS_BROKER_PORT: process.env.N8N_RUNNERS_BROKER_PORT ?? '5679',
	N8N_ENCRYPTION_KEY: process.env.N8N_ENCRYPTION_KEY ?? 'local-development-key-change-me',
	...(process.env.WEBHOOK_URL ? { WEBHOOK_URL: process.env.WEBHOOK_URL } : {}),
});
const n8nArgs = (...args: string[]) => [join(runtime.n8nDir, 'node_modules/n8n/bin/n8n'), ...args];
const n8nCli = (...args: string[]) =>
	execFileSync(join(runtime.node24Bin, 'node'), n8nArgs(...args), { cwd: USER_FOLDER, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });

/** Names of the workflows in the local database (`n8n list:workflow` prints `id|name` lines). */
function workflowNames(): Set<string> {
	// eslint-disable-next-line no-control-regex
	const lines = n8nCli('list:workflow').replace(/\x1b\[[0-9;]*m/g, '').split('\n');
	return new Set(lines.map((line) => /^[A-Za-z0-9]{16}\|(.*)$/.exec(line.trim())?.[1]).filter((name): name is string => name !== undefined));
}

/**
 * Imports each template not imported before, unless a workflow of that name exists (e.g. imported
 * in the editor). The files carry no workflow id (an import into the editor must not replace
 * anything), and n8n's CLI gives one only to files it imports from a folder (`--separate`).
 */
function importTemplates(): void {
	if (!existsSync(TEMPLATES_DIR)) return;
	const imported: string[] = existsSync(TEMPLATES_MARKER) ? (JSON.parse(readFileSync(TEMPLATES_MARKER, 'utf8')) as { imported: string[] }).imported : [];
	const pending = readdirSync(TEMPLATES_DIR)
		.filter((file) => file.endsWith('.json') && !imported.includes(file))
		.sort();
	if (pending.length === 0) return;
	const existing = workflowNames();
	const staging = join(USER_FOLDER, 'templates-to-import');
	rmSync(staging, { recursive: true, force: true });
	mkdirSync(staging);
	const names = new Map<string, string>();
	for (const file of pending) {
		const { name } = JSON.parse(readFileSync(join(TEMPLATES_DIR, file), 'utf8')) as { name: string };
		if (existing.has(name)) log(`template ${file}: a workflow "${name}" exists already, not imported`);
		else {
			copyFileSync(join(TEMPLATES_DIR, file), join(staging, file));
			names.set(file, name);
		}
	}
	if (names.size > 0) n8nCli('import:workflow', '--separate', `--input=${staging}`);
	rmSync(staging, { recursive: true, force: true });
	for (const [file, name] of names) log(`template ${file} imported as "${name}" (inactive)`);
	writeFileSync(TEMPLATES_MARKER, `${JSON.stringify({ imported: [...imported, ...pending] }, null, 2)}\n`);
}

try {
	importTemplates();
} catch (error) {
	// A template that cannot be imported must not keep n8n from starting.
	const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
	const output = `${stdout}${stderr}`.trim();
	log(`importing the templates failed, n8n starts without them: ${(error as Error).message.split('\n')[0]}${output ? `\n${output.slice(-2000)}` : ''}`);
}

log(`starting n8n on http://localhost:${port} (Ctrl+C to stop)`);
const n8n = spawn(join(runtime.node24Bin, 'node'), n8nArgs('start'), { cwd: USER_FOLDER, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => n8n.kill(signal));
n8n.on('exit', (code) => process.exit(code ?? 0));
