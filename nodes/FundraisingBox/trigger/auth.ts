/**
 * Checks a webhook call against the FundraisingBox Webhook API credential. FundraisingBox signs
 * nothing; it offers "HTTP authentication (user name/password or API token)" in the webhook URL, so
 * that is what is checked, in constant time, through the shared webhook guard. How user info in
 * the URL is sent is not documented (ASSUMED: as HTTP Basic), so `?token=` is the recommended form.
 */
import { checkBasicAuth, checkToken, refusal, type GuardedRequest, type Refusal } from '../../shared/webhookGuard';

export interface FundraisingBoxWebhookCredential {
	method?: 'basicAuth' | 'token';
	user?: string;
	password?: string;
	token?: string;
}

export const MIN_TOKEN_LENGTH = 16;

/** Why the credential cannot protect a webhook, or undefined when it can. */
export function webhookCredentialProblem(credential: FundraisingBoxWebhookCredential): string | undefined {
	if (credential.method === 'token') {
		const token = credential.token ?? '';
		if (token.length < MIN_TOKEN_LENGTH) return `The token must have at least ${MIN_TOKEN_LENGTH} characters`;
		// It travels in the URL (user name or query string): keep it free of characters that need escaping.
		if (!/^[A-Za-z0-9._~-]+$/.test(token)) return 'The token may contain only letters, digits and . _ ~ -';
		return undefined;
	}
	if (!credential.user || !credential.password) return 'User and password are required';
	if (credential.user.includes(':')) return 'The user may not contain ":"';
	return undefined;
}

export function checkWebhookAuth(req: GuardedRequest, credential: FundraisingBoxWebhookCredential): Refusal | undefined {
	if (webhookCredentialProblem(credential)) return refusal(401, 'Webhook protection is not set up in the credential');
	if (credential.method !== 'token') {
		return checkBasicAuth(req, { user: credential.user ?? '', password: credential.password ?? '' });
	}
	const token = credential.token ?? '';
	// https://TOKEN@host/… arrives as HTTP Basic with the token as user name (any password).
	if (/^Basic\s/i.test(String(req.headers.authorization ?? ''))) return checkBasicAuth(req, { user: token });
	return checkToken(req, { expected: token, queryParameter: 'token' });
}
