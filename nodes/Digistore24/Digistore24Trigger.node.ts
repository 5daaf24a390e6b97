import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { isTimeZone } from '../shared/canonicalEvent';
import { getCachedCredentials } from '../shared/credentialCache';
import { isEventSelected } from '../shared/eventFilter';
import { parseFormBody } from '../shared/formBody';
import { readParameter } from '../shared/nodeParameters';
import { ACKNOWLEDGED_WEBHOOK, checkIpAllowlist, isRefusal, receiveRawBody, refusal, refuse } from '../shared/webhookGuard';
import { ALL_EVENTS, digistore24TriggerProperties, type Digistore24TriggerOptions } from './trigger/parameters';
import { CONNECTION_TEST_EVENT, DIGISTORE24_EVENTS } from './events';
import { normalizeDigistore24Ipn } from './toCanonicalEvent';
import { ACCEPTED_REPLY, replyText } from './trigger/reply';
import { verifyIpnSignature } from './trigger/signature';
import { ipnRegistration } from './transport';
import { EVENTS_SUBTITLE } from '../shared/triggerDescriptions';

/** IPNs are flat forms of about 200 short fields (about 8 KB); anything far larger is not one. */
const MAX_IPN_BYTES = 256 * 1024;

const DOCUMENTED_EVENTS = new Set(DIGISTORE24_EVENTS.map((event) => event.value));

export class Digistore24Trigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Digistore24 IPN Trigger',
		name: 'digistore24Trigger',
		icon: { light: 'file:../../icons/digistore24.svg', dark: 'file:../../icons/digistore24.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: EVENTS_SUBTITLE,
		description: 'Starts the workflow on a verified Digistore24 IPN (payment, refund, chargeback, rebilling)',
		defaults: { name: 'Digistore24 IPN Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'digistore24Api', required: true }],
		webhooks: [
			{
				// Digistore24 checks the URL with a GET and wants 200 before it saves an IPN connection.
				// Listed first: n8n registers webhooks in order, and ipnSetup (in the default webhook's
				// create hook) makes Digistore24 call this GET before it answers.
				name: 'setup',
				httpMethod: 'GET',
				responseMode: 'onReceived',
				path: 'webhook',
			},
			ACKNOWLEDGED_WEBHOOK,
		],
		properties: digistore24TriggerProperties,
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await ipnRegistration.checkExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await ipnRegistration.create.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await ipnRegistration.delete.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		if (this.getWebhookName() === 'setup') return { webhookResponse: ACCEPTED_REPLY };

		const req = this.getRequestObject();
		const options = readParameter<Digistore24TriggerOptions>(this, 'triggerOptions', {});

		const ipRefusal = checkIpAllowlist(req, options.ipAllowlist ?? '');
		if (ipRefusal) return refuse(this, ipRefusal);
		const body = await receiveRawBody(req, MAX_IPN_BYTES);
		if (isRefusal(body)) return refuse(this, body);
		const form = parseFormBody(body);
		if (!form.ok) return refuse(this, refusal(400, form.reason));

		const credentials = await getCachedCredentials<{ ipnPassphrase?: string }>(this, 'digistore24Api');
		const signature = verifyIpnSignature(credentials.ipnPassphrase ?? '', form.fields);
		if (!signature.valid) return refuse(this, refusal(401, signature.reason));

		// Verified from here on. Anything not emitted is still answered OK, or Digistore24 retries for days.
		const vendorEvent = form.fields.event ?? '';
		if (vendorEvent === CONNECTION_TEST_EVENT && !options.startOnConnectionTest) {
			return { webhookResponse: ACCEPTED_REPLY };
		}
		const events = readParameter<string[]>(this, 'events', [ALL_EVENTS]);
		if (vendorEvent !== CONNECTION_TEST_EVENT && !isEventSelected(events, vendorEvent, DOCUMENTED_EVENTS)) {
			return { webhookResponse: ACCEPTED_REPLY };
		}

		const timeZone = options.timeZone && isTimeZone(options.timeZone) ? options.timeZone : undefined;
		const event = normalizeDigistore24Ipn(form.fields, { timeZone, rawBody: body.toString('utf8') });
		return { workflowData: [[{ json: event as unknown as IDataObject }]], webhookResponse: replyText(options) };
	}
}
