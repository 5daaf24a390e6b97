import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IDataObject,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { getCachedCredentials } from '../shared/credentialCache';
import { ALL_EVENTS, isEventSelected } from '../shared/eventFilter';
import { readParameter } from '../shared/nodeParameters';
import { ACKNOWLEDGED_WEBHOOK, checkIpAllowlist, isRefusal, receiveRawBody, refusal, refuse } from '../shared/webhookGuard';
import { DOCUMENTED_EVENTS } from './events';
import { normalizeFundraisingBoxWebhook } from './toCanonicalEvent';
import { fundraisingBoxTriggerProperties, type FundraisingBoxTriggerOptions } from './trigger/parameters';
import { checkWebhookAuth, webhookCredentialProblem, type FundraisingBoxWebhookCredential } from './trigger/auth';
import { parseWebhookBody } from './trigger/payload';
import { MAX_XML_BYTES } from './trigger/xml';
import { EVENTS_SUBTITLE } from '../shared/triggerDescriptions';

/** FundraisingBox ignores the body of the reply; any 2xx counts as delivered. */
const ACCEPTED_REPLY = 'OK';

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() ?? '';

// FundraisingBox has no API to register webhooks: the user adds the URL to each donation form in
// FundraisingBox, so there is no remote webhook to check, create or delete.
// eslint-disable-next-line @n8n/community-nodes/webhook-lifecycle-complete
export class FundraisingBoxTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'FundraisingBox Trigger',
		name: 'fundraisingBoxTrigger',
		icon: { light: 'file:../../icons/fundraisingbox.svg', dark: 'file:../../icons/fundraisingbox.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: EVENTS_SUBTITLE,
		description: 'Starts the workflow on a FundraisingBox webhook (XML merge webhook or JSON webhook): donations, persons, recurring payments',
		defaults: { name: 'FundraisingBox Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'fundraisingBoxWebhookApi', required: true, testedBy: 'fundraisingBoxWebhookApiTest' }],
		// Answered only after n8n has registered the execution: nothing answered as received is lost.
		webhooks: [ACKNOWLEDGED_WEBHOOK],
		properties: fundraisingBoxTriggerProperties,
	};

	methods = {
		credentialTest: {
			async fundraisingBoxWebhookApiTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted<ICredentialDataDecryptedObject>,
			): Promise<INodeCredentialTestResult> {
				const problem = webhookCredentialProblem((credential.data ?? {}) as FundraisingBoxWebhookCredential);
				return problem ? { status: 'Error', message: problem } : { status: 'OK', message: 'Ready to check webhook calls' };
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const options = readParameter<FundraisingBoxTriggerOptions>(this, 'triggerOptions', {});

		const ipRefusal = checkIpAllowlist(req, options.ipAllowlist ?? '');
		if (ipRefusal) return refuse(this, ipRefusal);
		const credential = await getCachedCredentials<FundraisingBoxWebhookCredential>(this, 'fundraisingBoxWebhookApi');
		const authRefusal = checkWebhookAuth(req, credential);
		if (authRefusal) return refuse(this, authRefusal);
		const body = await receiveRawBody(req, MAX_XML_BYTES);
		if (isRefusal(body)) return refuse(this, body);
		const parsed = parseWebhookBody(body);
		if (!parsed.ok) return refuse(this, refusal(400, parsed.reason));

		// Authenticated and well-formed from here on. Filtered events are still answered 200,
		// or FundraisingBox retries them for 7 days.
		const vendorEvent = header(req.headers['x-fundraisingbox-event']);
		const events = readParameter<string[]>(this, 'events', [ALL_EVENTS]);
		if (!isEventSelected(events, vendorEvent, DOCUMENTED_EVENTS)) return { webhookResponse: ACCEPTED_REPLY };

		const event = normalizeFundraisingBoxWebhook(parsed.payload, {
			vendorEvent,
			requestId: header(req.headers['x-fundraisingbox-request-id']),
			rawBody: parsed.text,
		});
		return { workflowData: [[{ json: event as unknown as IDataObject }]], webhookResponse: ACCEPTED_REPLY };
	}
}
