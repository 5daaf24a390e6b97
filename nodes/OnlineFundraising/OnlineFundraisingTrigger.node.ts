import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { ALL_EVENTS } from '../shared/eventFilter';
import { readParameter } from '../shared/nodeParameters';
import { ACKNOWLEDGED_WEBHOOK, checkIpAllowlist, isRefusal, receiveRawBody, refusal, refuse } from '../shared/webhookGuard';
import { resolveEntities, webhookAnswer } from './trigger/entityResolution';
import { selectedObjects } from './events';
import { API_CREDENTIAL_TYPE, entityReader } from './transport';
import { onlineFundraisingTriggerProperties, type OnlineFundraisingTriggerOptions } from './trigger/parameters';
import { parseWebhookBody } from './trigger/payload';
import { EVENTS_SUBTITLE } from '../shared/triggerDescriptions';

/** A batch of references is small; 1 MiB is thousands of webhook objects. */
const MAX_BODY_BYTES = 1024 * 1024;
/** OnlineFundraising retries anything but exactly 200; the body is not read. */
const ACCEPTED_REPLY = 'OK';

// OnlineFundraising has no API to register webhooks: the user adds the URL under Webhooks in
// OnlineFundraising, so there is no remote webhook to check, create or delete.
// eslint-disable-next-line @n8n/community-nodes/webhook-lifecycle-complete
export class OnlineFundraisingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OnlineFundraising Trigger',
		name: 'onlineFundraisingTrigger',
		icon: { light: 'file:../../icons/onlinefundraising.svg', dark: 'file:../../icons/onlinefundraising.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: EVENTS_SUBTITLE,
		description: 'Starts the workflow on OnlineFundraising webhooks (contacts, agreements, payment methods, subscriptions, payments)',
		defaults: { name: 'OnlineFundraising Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: API_CREDENTIAL_TYPE, required: false }],
		// Answered only after n8n has registered the execution: nothing answered as received is lost.
		webhooks: [ACKNOWLEDGED_WEBHOOK],
		properties: onlineFundraisingTriggerProperties,
	};

	/** Read, verify, refuse or filter, emit (./entityResolution.ts says what each API answer leads to). */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const options = readParameter<OnlineFundraisingTriggerOptions>(this, 'triggerOptions', {});

		const ipRefusal = checkIpAllowlist(req, options.ipAllowlist ?? '');
		if (ipRefusal) return refuse(this, ipRefusal);
		const body = await receiveRawBody(req, MAX_BODY_BYTES);
		if (isRefusal(body)) return refuse(this, body);
		const parsed = parseWebhookBody(body);
		if (!parsed.ok) return refuse(this, refusal(parsed.status, parsed.reason));

		const selected = selectedObjects(parsed.objects, readParameter<string[]>(this, 'events', [ALL_EVENTS]));
		// Unselected events are still answered 200, or OnlineFundraising retries them for hours.
		if (selected.length === 0) return { webhookResponse: ACCEPTED_REPLY };

		const verify = options.resolveEntity !== false && this.getNode().credentials?.[API_CREDENTIAL_TYPE] !== undefined;
		const outcomes = verify ? await resolveEntities(selected, await entityReader.call(this)) : undefined;
		const answer = webhookAnswer(selected, outcomes, new Date(), parsed.objects);
		if ('refusal' in answer) return refuse(this, answer.refusal);
		return { workflowData: [answer.items.map((json) => ({ json }))], webhookResponse: ACCEPTED_REPLY };
	}
}
