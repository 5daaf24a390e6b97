/** Digistore24 IPNs as Digistore24 sends them: form fields plus sha_sign over them. */
import { readFileSync } from 'fs';
import { join } from 'path';
import { digistoreSignature } from '../../../nodes/Digistore24/trigger/signature';
import type { CredentialSpec, WorkflowSpec } from '../../../tools/n8n/n8n';
import { triggerWorkflow } from '../../../tools/n8n/workflows';

export const PASSPHRASE = 's3cret-passphrase';

export const CAPTURED_ON_PAYMENT = JSON.parse(
	readFileSync(join(__dirname, '../../fixtures/digistore24/captured-on-payment.json'), 'utf8'),
) as Record<string, string>;

export const DS24_CREDENTIAL: CredentialSpec = {
	id: 'ds24CredE2e00001',
	name: 'Digistore24 e2e',
	type: 'digistore24Api',
	data: { ipnPassphrase: PASSPHRASE, apiKey: '', baseUrl: 'https://www.digistore24.com/api/call' },
};

export const credentialRef = (credential: CredentialSpec) => ({ [credential.type]: { id: credential.id, name: credential.name } });

/** The captured on_payment with some fields replaced, signed. */
export function signedIpn(overrides: Record<string, string> = {}, options: { uppercaseKeys?: boolean; passphrase?: string } = {}): Record<string, string> {
	const fields: Record<string, string> = { ...CAPTURED_ON_PAYMENT, ...overrides };
	delete fields.sha_sign;
	return { ...fields, sha_sign: digistoreSignature(options.passphrase ?? PASSPHRASE, fields, options.uppercaseKeys ?? false) };
}

/** A workflow with just the Digistore24 IPN Trigger; the workflow id doubles as its name. */
export function ds24Workflow(
	id: string,
	webhookId: string,
	parameters: Record<string, unknown>,
	credential: CredentialSpec = DS24_CREDENTIAL,
): WorkflowSpec {
	return triggerWorkflow({ id, name: id, type: 'digistore24Trigger', webhookId, parameters, credentials: credentialRef(credential) });
}
