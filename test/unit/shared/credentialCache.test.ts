import type { IWebhookFunctions } from 'n8n-workflow';
import { CREDENTIAL_TTL_MS, getCachedCredentials } from '../../../nodes/shared/credentialCache';

/** Just the two methods of n8n's webhook context the cache uses. */
function context(credentialId: string | undefined, secret: { value: string }) {
	let reads = 0;
	const ctx = {
		getNode: () => ({ credentials: credentialId ? { digistore24Api: { id: credentialId, name: 'x' } } : undefined }),
		getCredentials: async () => {
			reads++;
			return { ipnPassphrase: secret.value };
		},
	} as unknown as IWebhookFunctions;
	return { ctx, reads: () => reads };
}

describe('getCachedCredentials', () => {
	it('reads a credential once per TTL and again after it', async () => {
		const secret = { value: 'one' };
		const { ctx, reads } = context('cred-a', secret);
		const t0 = 1_000_000;
		expect(await getCachedCredentials(ctx, 'digistore24Api', t0)).toEqual({ ipnPassphrase: 'one' });
		secret.value = 'two';
		expect(await getCachedCredentials(ctx, 'digistore24Api', t0 + CREDENTIAL_TTL_MS - 1)).toEqual({ ipnPassphrase: 'one' });
		expect(reads()).toBe(1);
		expect(await getCachedCredentials(ctx, 'digistore24Api', t0 + CREDENTIAL_TTL_MS)).toEqual({ ipnPassphrase: 'two' });
		expect(reads()).toBe(2);
	});

	it('keeps credentials apart by id, and does not cache without an id', async () => {
		const a = context('cred-b', { value: 'b' });
		const c = context('cred-c', { value: 'c' });
		expect(await getCachedCredentials(a.ctx, 'digistore24Api', 5)).toEqual({ ipnPassphrase: 'b' });
		expect(await getCachedCredentials(c.ctx, 'digistore24Api', 5)).toEqual({ ipnPassphrase: 'c' });
		const none = context(undefined, { value: 'n' });
		await getCachedCredentials(none.ctx, 'digistore24Api', 5);
		await getCachedCredentials(none.ctx, 'digistore24Api', 5);
		expect(none.reads()).toBe(2);
	});
});
