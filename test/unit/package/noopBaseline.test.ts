/**
 * The benchmark's do-nothing triggers (bench/noop-trigger, a package of its own, so it keeps its own
 * copy) must declare the webhook exactly as the pack's triggers do, or the floor would measure a
 * different reply path.
 */
import { ACKNOWLEDGED_WEBHOOK as BASELINE_WEBHOOK, NoopTrigger } from '../../../bench/noop-trigger/src/NoopTrigger.node';
import { NoopCredentialTrigger } from '../../../bench/noop-trigger/src/NoopCredentialTrigger.node';
import { ACKNOWLEDGED_WEBHOOK } from '../../../nodes/shared/webhookGuard';

describe('benchmark baselines', () => {
	it('declare the pack triggers’ webhook: POST, reply by n8n on receipt after the execution is registered', () => {
		expect(BASELINE_WEBHOOK).toEqual(ACKNOWLEDGED_WEBHOOK);
		expect(new NoopTrigger().description.webhooks).toEqual([ACKNOWLEDGED_WEBHOOK]);
		expect(new NoopCredentialTrigger().description.webhooks).toEqual([ACKNOWLEDGED_WEBHOOK]);
	});

	it('answer OK with the parsed body as the only item', async () => {
		const body = { transaction_id: '1' };
		const context = { getBodyData: () => body } as unknown as ThisParameterType<NoopTrigger['webhook']>;
		await expect(new NoopTrigger().webhook.call(context)).resolves.toEqual({ workflowData: [[{ json: { body } }]], webhookResponse: 'OK' });
	});
});
