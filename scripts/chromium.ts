/**
 * Headless Chromium driven over the Chrome DevTools Protocol with undici's WebSocket: just what the
 * documentation screenshots need (open a page, wait, click, type a key, capture), so the project
 * needs no browser-automation dependency and never downloads a browser of its own.
 */
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { WebSocket } from 'undici';
import { ensureDebianPackages } from '../tools/n8n/debianServices';

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

const BINARIES = ['chromium', 'chromium-browser', 'google-chrome'];

function findBinary(): string | undefined {
	for (const name of BINARIES) {
		try {
			return execFileSync('which', [name], { encoding: 'utf8' }).trim();
		} catch {
			// not on PATH
		}
	}
	return undefined;
}

/** Debian's chromium (the only browser this machine can install: Debian's archive is reachable, browser downloads are not). */
export function findOrInstallChromium(log: (message: string) => void): string {
	const found = findBinary();
	if (found) return found;
	log('no chromium found: apt-get install -y chromium');
	ensureDebianPackages({ chromium: '/usr/bin/chromium' });
	const installed = findBinary();
	if (!installed) throw new Error('apt-get installed chromium, but no chromium binary is on PATH');
	return installed;
}

interface CdpMessage {
	id?: number;
	method?: string;
	params?: Record<string, unknown>;
	result?: Record<string, unknown>;
	error?: { message: string };
	sessionId?: string;
}

type Listener = (params: Record<string, unknown>) => void;

/** One WebSocket to the browser; pages are flattened sessions on it. */
class Connection {
	private nextId = 1;
	private readonly pending = new Map<number, { resolve: (result: Record<string, unknown>) => void; reject: (error: Error) => void }>();
	private readonly listeners = new Map<string, Listener[]>();

	private constructor(private readonly socket: WebSocket) {
		socket.addEventListener('message', (event) => this.dispatch(JSON.parse(String(event.data)) as CdpMessage));
		socket.addEventListener('close', () => {
			for (const { reject } of this.pending.values()) reject(new Error('the DevTools connection closed'));
			this.pending.clear();
		});
	}

	static async open(url: string): Promise<Connection> {
		const socket = new WebSocket(url);
		await new Promise<void>((resolve, reject) => {
			socket.addEventListener('open', () => resolve());
			socket.addEventListener('error', () => reject(new Error(`cannot connect to ${url}`)));
		});
		return new Connection(socket);
	}

	private dispatch(message: CdpMessage): void {
		if (message.id !== undefined) {
			const waiter = this.pending.get(message.id);
			this.pending.delete(message.id);
			if (message.error) waiter?.reject(new Error(message.error.message));
			else waiter?.resolve(message.result ?? {});
			return;
		}
		for (const listener of this.listeners.get(`${message.sessionId ?? ''}:${message.method}`) ?? []) listener(message.params ?? {});
	}

	async send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
		const id = this.nextId++;
		const reply = new Promise<Record<string, unknown>>((resolve, reject) => this.pending.set(id, { resolve, reject }));
		this.socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
		return await reply;
	}

	on(sessionId: string, method: string, listener: Listener): void {
		const key = `${sessionId}:${method}`;
		this.listeners.set(key, [...(this.listeners.get(key) ?? []), listener]);
	}

	close(): void {
		this.socket.close();
	}
}

export interface Viewport {
	width: number;
	height: number;
}

/** A browser tab: navigation, waiting for the page to settle, input, screenshots. */
export class Page {
	private readonly inFlight = new Set<string>();
	private lastNetworkActivity = Date.now();

	constructor(
		private readonly connection: Connection,
		private readonly sessionId: string,
	) {
		const busy = (params: Record<string, unknown>) => {
			this.lastNetworkActivity = Date.now();
			return String(params.requestId);
		};
		connection.on(sessionId, 'Network.requestWillBeSent', (params) => {
			// n8n's push channel stays open for the whole session: it never counts as pending.
			if (String((params.request as { url: string }).url).includes('/rest/push')) return;
			this.inFlight.add(busy(params));
		});
		connection.on(sessionId, 'Network.loadingFinished', (params) => this.inFlight.delete(busy(params)));
		connection.on(sessionId, 'Network.loadingFailed', (params) => this.inFlight.delete(busy(params)));
		// Leaving a workflow the editor thinks is changed asks "leave the page?": nothing is saved anyway.
		connection.on(sessionId, 'Page.javascriptDialogOpening', () => void this.send('Page.handleJavaScriptDialog', { accept: true }));
	}

	async send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
		return await this.connection.send(method, params, this.sessionId);
	}

	async setUp(viewport: Viewport): Promise<void> {
		await this.send('Page.enable');
		await this.send('Network.enable');
		await this.send('Runtime.enable');
		await this.send('Emulation.setDeviceMetricsOverride', { ...viewport, deviceScaleFactor: 1, mobile: false });
	}

	async setCookie(url: string, name: string, value: string): Promise<void> {
		await this.send('Network.setCookie', { url, name, value, httpOnly: true });
	}

	/** Runs before any script of every page this tab opens (e.g. to seed localStorage). */
	async beforeEveryPage(source: string): Promise<void> {
		await this.send('Page.addScriptToEvaluateOnNewDocument', { source });
	}

	async goto(url: string): Promise<void> {
		await this.send('Page.navigate', { url });
	}

	async evaluate<T>(expression: string): Promise<T> {
		const { result, exceptionDetails } = (await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true })) as {
			result: { value: T };
			exceptionDetails?: { text: string; exception?: { description?: string } };
		};
		if (exceptionDetails) throw new Error(`${exceptionDetails.text} ${exceptionDetails.exception?.description ?? ''}: ${expression}`);
		return result.value;
	}

	/** Polls a page expression until it is truthy. */
	async waitFor(expression: string, what: string, timeoutMs = 30_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (!(await this.evaluate<boolean>(`Boolean(${expression})`))) {
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
			await sleep(150);
		}
	}

	async waitForSelector(selector: string, timeoutMs = 30_000): Promise<void> {
		await this.waitFor(`document.querySelector(${JSON.stringify(selector)})`, selector, timeoutMs);
	}

	/** No request pending for `quietMs` (dropdowns loaded, icons fetched), then one more frame for animations. */
	async waitForNetworkIdle(quietMs = 600, timeoutMs = 30_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (this.inFlight.size > 0 || Date.now() - this.lastNetworkActivity < quietMs) {
			if (Date.now() > deadline) throw new Error(`network not idle after ${timeoutMs} ms (${this.inFlight.size} pending)`);
			await sleep(100);
		}
		await sleep(300);
	}

	async click(selector: string): Promise<void> {
		await this.evaluate(`document.querySelector(${JSON.stringify(selector)}).click()`);
	}

	async press(key: string, code = key, keyCode = 0): Promise<void> {
		const event = { key, code, windowsVirtualKeyCode: keyCode, nativeVirtualKeyCode: keyCode };
		await this.send('Input.dispatchKeyEvent', { type: 'keyDown', ...event });
		await this.send('Input.dispatchKeyEvent', { type: 'keyUp', ...event });
	}

	async screenshot(file: string): Promise<void> {
		const { data } = (await this.send('Page.captureScreenshot', { format: 'png', optimizeForSpeed: false })) as { data: string };
		writeFileSync(file, Buffer.from(data, 'base64'));
	}
}

/** Chromium started headless with its own throw-away profile, stopped (also on error) by close(). */
export class Browser {
	private constructor(
		private readonly child: ChildProcess,
		private readonly profile: string,
		private readonly connection: Connection,
	) {}

	static async launch(binary: string, viewport: Viewport): Promise<Browser> {
		const profile = mkdtempSync(join(tmpdir(), 'screenshots-chromium-'));
		const args = [
			'--headless=new',
			'--remote-debugging-port=0',
			`--user-data-dir=${profile}`,
			// Running as root: Chromium refuses to start with its sandbox.
			'--no-sandbox',
			'--disable-gpu',
			'--disable-dev-shm-usage',
			'--hide-scrollbars',
			'--no-first-run',
			// No crash reporter: its helper processes run outside Chromium's process group.
			'--disable-breakpad',
			'--disable-crash-reporter',
			'--no-default-browser-check',
			'--lang=en-US',
			`--window-size=${viewport.width},${viewport.height}`,
			'about:blank',
		];
		const child = spawn(binary, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
		try {
			const url = await devToolsUrl(child);
			return new Browser(child, profile, await Connection.open(url));
		} catch (error) {
			killGroup(child);
			rmSync(profile, { recursive: true, force: true });
			throw error;
		}
	}

	async newPage(viewport: Viewport): Promise<Page> {
		const { targetId } = await this.connection.send('Target.createTarget', { url: 'about:blank' });
		const { sessionId } = await this.connection.send('Target.attachToTarget', { targetId, flatten: true });
		const page = new Page(this.connection, String(sessionId));
		await page.setUp(viewport);
		return page;
	}

	async close(): Promise<void> {
		const exited = new Promise<void>((resolve) => (this.child.exitCode !== null ? resolve() : this.child.once('exit', () => resolve())));
		await this.connection.send('Browser.close').catch(() => undefined);
		this.connection.close();
		await Promise.race([exited, sleep(5_000)]);
		// Renderer and GPU helpers share the process group.
		killGroup(this.child);
		rmSync(this.profile, { recursive: true, force: true });
	}
}

/** Chromium prints `DevTools listening on ws://…` on stderr once it accepts connections. */
async function devToolsUrl(child: ChildProcess, timeoutMs = 30_000): Promise<string> {
	return await new Promise((resolve, reject) => {
		let stderr = '';
		const timer = setTimeout(() => reject(new Error(`chromium printed no DevTools URL:\n${stderr}`)), timeoutMs);
		// The listener stays to drain the pipe (a full pipe would block Chromium), but keeps nothing once the URL is known.
		let found = false;
		child.stderr?.on('data', (chunk: Buffer) => {
			if (found) return;
			stderr += chunk.toString('utf8');
			const match = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
			if (match) {
				found = true;
				clearTimeout(timer);
				resolve(match[1]);
			}
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`chromium exited with ${code}:\n${stderr}`));
		});
	});
}

function killGroup(child: ChildProcess): void {
	if (!child.pid) return;
	try {
		process.kill(-child.pid, 'SIGKILL');
	} catch {
		// already gone
	}
}
