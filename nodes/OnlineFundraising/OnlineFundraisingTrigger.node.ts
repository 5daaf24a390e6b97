import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes } from 'n8n-workflow';
import { ALL_EVENTS, isEventSelected } from '../shared/eventFilter';
import { readParameter } from '../shared/nodeParameters';
import { ACKNOWLEDGED_WEBHOOK, checkIpAllowlist, isRefusal, receiveRawBody, refusal, refuse } from '../shared/webhookGuard';
import { ARCHIVING_EVENTS, DOCUMENTED_EVENTS, eventName, PAYMENT_API_ENTITY_TYPES } from './events';
import { normalizeOnlineFundraisingWebhook, unverifiedArchiveEvent } from './normalize';
import { API_CREDENTIAL_TYPE, getEntity } from './transport';
import { onlineFundraisingTriggerProperties, type OnlineFundraisingTriggerOptions } from './triggerDescriptions';
import { parseWebhookBody, type WebhookObject } from './webhookPayload';
import { EVENTS_SUBTITLE } from '../shared/triggerDescriptions';

/** A batch of references is small; 1 MiB is thousands of webhook objects. */
const MAX_BODY_BYTES = 1024 * 1024;
/** OnlineFundraising retries anything but exactly 200; the body is not read. */
const ACCEPTED_REPLY = 'OK';

type Resolution = { entity?: IDataObject; notFound?: boolean; error?: string; unverified?: string };

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

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const options = readParameter<OnlineFundraisingTriggerOptions>(this, 'triggerOptions', {});

		const ipRefusal = checkIpAllowlist(req, options.ipAllowlist ?? '');
		if (ipRefusal) return refuse(this, ipRefusal);
		const body = await receiveRawBody(req, MAX_BODY_BYTES);
		if (isRefusal(body)) return refuse(this, body);
		const parsed = parseWebhookBody(body);
		if (!parsed.ok) return refuse(this, refusal(400, parsed.reason));

		const events = readParameter<string[]>(this, 'events', [ALL_EVENTS]);
		const selected = parsed.objects.filter((object) => isEventSelected(events, eventName(object.entityType, object.eventType), DOCUMENTED_EVENTS));
		// Unselected events are still answered 200, or OnlineFundraising retries them for hours.
		if (selected.length === 0) return { webhookResponse: ACCEPTED_REPLY };

		const resolve = options.resolveEntity !== false && this.getNode().credentials?.[API_CREDENTIAL_TYPE] !== undefined;
		const resolutions = resolve ? await Promise.all(selected.map(async (object) => await resolveEntity.call(this, object))) : selected.map(() => ({}));
		// An entity OnlineFundraising does not know means a forged or mistaken webhook: it is not emitted
		// (archive and merge events excepted: see resolveEntity).
		const kept = selected.map((object, index) => ({ object, resolution: resolutions[index] as Resolution })).filter(({ resolution }) => !resolution.notFound);
		if (kept.length === 0) return refuse(this, refusal(400, 'No entity of this webhook exists in OnlineFundraising'));

		const receivedAt = new Date();
		const items: INodeExecutionData[] = kept.map(({ object, resolution }) => {
			if (resolution.unverified) return { json: { ...(unverifiedArchiveEvent(object, receivedAt) as unknown as IDataObject), unverified: resolution.unverified } };
			const event = normalizeOnlineFundraisingWebhook(object, resolution.entity, receivedAt) as unknown as IDataObject;
			return { json: resolution.error ? { ...event, resolveError: resolution.error } : event };
		});
		return { workflowData: [items], webhookResponse: ACCEPTED_REPLY };
	}
}

/**
 * The entity a webhook object points at. Not found → the object is dropped, except for an archive or
 * merge event: OnlineFundraising hides archived entities from its queries and offers no lookup of an
 * archived one by GUID, so that 404 is expected; the event is kept as an unverified reference
 * (unverifiedArchiveEvent) rather than refused and lost after OnlineFundraising's ~22.5 hours of
 * retries. Any other failure (OnlineFundraising down, key refused) keeps the object without entity
 * and says why, so that an event answered 200 is never lost.
 */
async function resolveEntity(this: IWebhookFunctions, object: WebhookObject): Promise<Resolution> {
	if (!PAYMENT_API_ENTITY_TYPES.has(object.entityType)) {
		return { error: `Entity type "${object.entityType}" is not served by the Payment API (data sets have their own API); not resolved` };
	}
	try {
		return { entity: await getEntity.call(this, object.entityType, object.entityGuid) };
	} catch (error) {
		if (error instanceof NodeApiError && error.httpCode === '404') {
			if (!ARCHIVING_EVENTS.has(eventName(object.entityType, object.eventType))) return { notFound: true };
			return {
				unverified: `OnlineFundraising answered 404 for this ${object.entityType}: archived and merged-away entities are hidden from its queries, so the event cannot be checked; it carries the GUID only`,
			};
		}
		return { error: (error as Error).message };
	}
}
