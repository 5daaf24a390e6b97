/**
 * PostgreSQL and Redis from Debian's packages, started as throw-away servers on loopback for
 * n8n's queue mode (see ../shared/env-notes.md, "n8n queue mode on one machine"). Installs the
 * packages with apt-get when they are missing (needs root, as on CI).
 */
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const run = (command: string, args: string[], options: { env?: NodeJS.ProcessEnv } = {}) =>
	execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 512 << 20, ...options });

const isRoot = () => process.getuid?.() === 0;

/** apt-get install of the packages whose marker file is missing. */
export function ensureDebianPackages(packages: Record<string, string>): void {
	const missing = Object.entries(packages)
		.filter(([, marker]) => !existsSync(marker))
		.map(([name]) => name);
	if (missing.length === 0) return;
	if (!isRoot()) throw new Error(`Install ${missing.join(' ')} (apt-get, as root) and run again`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	try {
		run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
	} catch {
		// A fresh machine has no package lists yet.
		run('apt-get', ['update'], { env });
		run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
	}
}

function postgresBinDir(): string {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
	if (versions.length === 0) throw new Error('PostgreSQL binaries not found under /usr/lib/postgresql');
	return join(root, versions[0], 'bin');
}

export interface Postgres {
	port: number;
	user: string;
	database: string;
	/** Runs SQL with psql and returns the first column of the first row, as text. */
	scalar(sql: string): string;
	stop(): void;
}

/** initdb in a temporary folder (as the `postgres` user when run as root), pg_ctl start, createdb. */
export function startPostgres(port: number, database = 'n8n', user = 'n8n'): Postgres {
	ensureDebianPackages({ postgresql: '/usr/lib/postgresql' });
	const bin = postgresBinDir();
	const dir = mkdtempSync(join(tmpdir(), 'n8n-queue-pg-'));
	// initdb refuses to run as root.
	const asOwner = (command: string, args: string[]) => {
		if (!isRoot()) return run(command, args);
		const quoted = [command, ...args].map((part) => `'${part.replace(/'/g, `'\\''`)}'`).join(' ');
		return run('su', ['postgres', '-s', '/bin/sh', '-c', quoted]);
	};
	if (isRoot()) run('chown', ['postgres:postgres', dir]);
	asOwner(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-A', 'trust', '-U', user]);
	asOwner(join(bin, 'pg_ctl'), [
		'-D',
		join(dir, 'data'),
		'-l',
		join(dir, 'postgres.log'),
		'-w',
		'-o',
		`-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on`,
		'start',
	]);
	run(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, database]);
	return {
		port,
		user,
		database,
		scalar: (sql) => run('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', database, '-At', '-c', sql]).trim(),
		stop: () => {
			try {
				asOwner(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'fast', 'stop']);
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		},
	};
}

export interface Redis {
	port: number;
	stop(): void;
}

/** redis-server in the foreground as a child process, without persistence. */
export async function startRedis(port: number): Promise<Redis> {
	ensureDebianPackages({ 'redis-server': '/usr/bin/redis-server' });
	const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 15_000);
		child.stdout?.on('data', (chunk: Buffer) => {
			output += chunk.toString('utf8');
			if (output.includes('Ready to accept connections')) {
				clearTimeout(timer);
				resolve();
			}
		});
		child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}:\n${output}`)));
	});
	return { port, stop: () => child.kill('SIGKILL') };
}
