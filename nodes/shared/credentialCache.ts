/**
 * Reading a credential in `webhook()` costs a database read and a decryption on every request
 * (measured: about 15% of a trigger's throughput in n8n 2.40.7, see bench/). Triggers verify every
 * request, so they keep the decrypted credential for a few seconds, per credential id. A changed
 * passphrase therefore applies within CREDENTIAL_TTL_MS; nothing leaves this process.
 */
import type { ICredentialDataDecryptedObject, IWebhookFunctions } from 'n8n-workflow';

export const CREDENTIAL_TTL_MS = 10_000;
const MAX_ENTRIES = 256;

const cache = new Map<string, { value: ICredentialDataDecryptedObject; expires: number }>();

export async function getCachedCredentials<T extends object = ICredentialDataDecryptedObject>(
	context: IWebhookFunctions,
	type: string,
	now = Date.now(),
): Promise<T> {
	const id = context.getNode().credentials?.[type]?.id;
	const key = id ? `${type}:${id}` : undefined;
	const hit = key ? cache.get(key) : undefined;
	if (hit && hit.expires > now) return hit.value as T;
	const value = await context.getCredentials<T & ICredentialDataDecryptedObject>(type);
	if (key) {
		if (cache.size >= MAX_ENTRIES) {
			for (const [entryKey, entry] of cache) if (entry.expires <= now) cache.delete(entryKey);
			if (cache.size >= MAX_ENTRIES) cache.clear();
		}
		cache.set(key, { value, expires: now + CREDENTIAL_TTL_MS });
	}
	return value;
}
