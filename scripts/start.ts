/**
 * `npm start`: build the pack, install it into a local n8n user folder (.n8n-local/, git-ignored)
 * the way n8n installs community packages, and run n8n 2.40.7 in the foreground on
 * http://localhost:5678 (PORT overrides). Ctrl+C stops it; the folder keeps its database.
 */
import { spawn } from 'child_process';
import { mkdirSync } from 'fs';
import { join } from 'path';
import { installPackageInto, log, n8nEnv, packPackage, provisionN8n } from '../test/e2e/harness/provision';
import { REPO_ROOT } from '../test/e2e/harness/paths';

const USER_FOLDER = join(REPO_ROOT, '.n8n-local');
const port = process.env.PORT ?? '5678';

const runtime = provisionN8n();
const tarball = packPackage(join(USER_FOLDER, 'pack'));
mkdirSync(USER_FOLDER, { recursive: true });
log(`installing ${tarball} into ${USER_FOLDER}/.n8n/nodes`);
installPackageInto(USER_FOLDER, tarball);

log(`starting n8n on http://localhost:${port} (Ctrl+C to stop)`);
const n8n = spawn(join(runtime.node24Bin, 'node'), [join(runtime.n8nDir, 'node_modules/n8n/bin/n8n'), 'start'], {
	cwd: USER_FOLDER,
	stdio: 'inherit',
	env: n8nEnv(runtime, USER_FOLDER, {
		N8N_PORT: port,
		N8N_LISTEN_ADDRESS: process.env.N8N_LISTEN_ADDRESS ?? '0.0.0.0',
		N8N_RUNNERS_BROKER_PORT: process.env.N8N_RUNNERS_BROKER_PORT ?? '5679',
		N8N_ENCRYPTION_KEY: process.env.N8N_ENCRYPTION_KEY ?? 'local-development-key-change-me',
		...(process.env.WEBHOOK_URL ? { WEBHOOK_URL: process.env.WEBHOOK_URL } : {}),
	}),
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => n8n.kill(signal));
n8n.on('exit', (code) => process.exit(code ?? 0));
