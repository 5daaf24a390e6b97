/** The HTTP server every vendor fake runs: on 127.0.0.1, on a free port, started and stopped by the test. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';

export abstract class LoopbackFake {
	private server?: Server;
	port = 0;

	protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;

	async start(): Promise<void> {
		const server = createServer((req, res) => void this.handle(req, res));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const address = server.address();
		this.port = typeof address === 'object' && address ? address.port : 0;
		this.server = server;
	}

	async stop(): Promise<void> {
		const server = this.server;
		if (!server) return;
		// n8n keeps connections alive; close them so the test does not wait for their timeout.
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}
}
