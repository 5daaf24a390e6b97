/**
 * This pack in n8n's queue mode (PostgreSQL, Redis, main + worker + webhook processor): signed
 * Digistore24 IPNs and FundraisingBox webhooks sent at the same time to the webhook processor are
 * each acknowledged and executed exactly once on the worker. `npm run proof:queue` runs the same
 * proof with 1,000 + 1,000.
 */
import { runQueueProof } from '../helpers/queueProof';

jest.setTimeout(15 * 60_000);

describe('queue mode', () => {
	it('acknowledges and executes every concurrent webhook exactly once, with no 5xx', async () => {
		const result = await runQueueProof({ ipns: 100, fundraisingBoxWebhooks: 100, concurrency: 8 });
		expect(result.problems).toEqual([]);
		for (const report of Object.values(result.reports)) {
			expect(report).toMatchObject({ sent: 100, acknowledged: 100, executions: 100, succeeded: 100, missing: 0, duplicated: 0 });
		}
	});
});
