/** FundraisingBox webhook calls as FundraisingBox sends them, and workflows with the FundraisingBox Trigger. */
import { readFileSync } from 'fs';
import { join } from 'path';
import type { CredentialSpec, WorkflowSpec } from '../../../tools/n8n/n8n';
import { triggerWorkflow } from '../../../tools/n8n/workflows';
import { credentialRef } from './digistore24';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/fundraisingbox', name), 'utf8');

export const MERGE_WEBHOOK_XML = fixture('merge-webhook.xml');
/** Shaped after FundraisingBox's own XML samples (test/fixtures/fundraisingbox/README.md). */
export const VENDOR_SAMPLE_MERGE_WEBHOOK_XML = fixture('merge-webhook-vendor-sample.xml');
export const JSON_WEBHOOK = fixture('json-webhook.json');

export const WEBHOOK_USER = 'fundraisingbox';
export const WEBHOOK_PASSWORD = 'w3bh00k-pa55word-e2e';
export const WEBHOOK_TOKEN = 'tok_0123456789abcdef0123';

export const FB_BASIC_CREDENTIAL: CredentialSpec = {
	id: 'fbWebhookBasic01',
	name: 'FundraisingBox webhook (basic)',
	type: 'fundraisingBoxWebhookApi',
	data: { method: 'basicAuth', user: WEBHOOK_USER, password: WEBHOOK_PASSWORD },
};

export const FB_TOKEN_CREDENTIAL: CredentialSpec = {
	id: 'fbWebhookToken01',
	name: 'FundraisingBox webhook (token)',
	type: 'fundraisingBoxWebhookApi',
	data: { method: 'token', token: WEBHOOK_TOKEN },
};

/** The recommended protection: the token in the webhook URL's query string. */
export const TOKEN_QUERY = `?token=${WEBHOOK_TOKEN}`;

export const basicAuthorization = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/**
 * Headers of a webhook call: FundraisingBox's event and request id, and by default an
 * `Authorization: Basic` header. That header stands for `https://USER:PASSWORD@host/…` only under an
 * ASSUMPTION no source settles (README, Assumptions): tests of what FundraisingBox documents post
 * with `authorization = ''` and `?token=` (TOKEN_QUERY) instead.
 */
export function webhookHeaders(
	event: string,
	requestId: string,
	contentType: string,
	authorization = basicAuthorization(WEBHOOK_USER, WEBHOOK_PASSWORD),
): Record<string, string> {
	return {
		'content-type': contentType,
		'x-fundraisingbox-event': event,
		'x-fundraisingbox-request-id': requestId,
		...(authorization ? { authorization } : {}),
	};
}

export function fbTriggerWorkflow(
	id: string,
	webhookId: string,
	parameters: Record<string, unknown>,
	credential: CredentialSpec = FB_BASIC_CREDENTIAL,
): WorkflowSpec {
	return triggerWorkflow({ id, name: id, type: 'fundraisingBoxTrigger', webhookId, parameters, credentials: credentialRef(credential) });
}
