import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { wallClockIn } from '../shared/canonicalEvent';
import { FUNDRAISINGBOX_TIME_ZONE, normalizeFundraisingBoxWebhook } from './toCanonicalEvent';
import {
	advancePollState,
	DEFAULT_MAX_PAGES,
	initialPollState,
	LOOKBACK_MS,
	planScan,
	readScan,
	selectChanges,
	startDateWallClock,
	upgradePollState,
	type Change,
	type PolledKind,
	type PolledObject,
	type ScanState,
} from './poll/scan';
import { fundraisingBoxPollTriggerProperties, type FundraisingBoxPollOptions } from './poll/parameters';
import { fundraisingBoxApiRequest, fundraisingBoxListPage, REST_CREDENTIAL_TYPE } from './transport';

const LIST_ENDPOINT: Record<PolledKind, string> = { donation: '/donations.json', recurring: '/recurrings.json' };
/**
 * The "changed since" filter each list takes: `updated_min` on donations (FundraisingBox's own n8n
 * node sends it); none on recurring payments (not among the documented filters of /recurrings.json).
 */
const UPDATED_MIN_FILTER: Record<PolledKind, boolean> = { donation: true, recurring: false };
const PAYLOAD_KEY: Record<PolledKind, string> = { donation: 'fb_donation', recurring: 'fb_recurring_payment' };
const EVENT_PREFIX: Record<PolledKind, string> = { donation: 'donation', recurring: 'recurring_payment' };
const STATE_KEY = 'fundraisingBoxPoll';

export class FundraisingBoxPollTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'FundraisingBox Scheduled Pull Trigger',
		name: 'fundraisingBoxPollTrigger',
		icon: { light: 'file:../../icons/fundraisingbox.svg', dark: 'file:../../icons/fundraisingbox.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{$parameter["objects"].includes("recurring") ? ($parameter["objects"].includes("donation") ? "Donations and recurring payments" : "Recurring payments") : "Donations"}}',
		description: 'Pulls new and updated donations and recurring payments from the FundraisingBox REST API on a schedule',
		defaults: { name: 'FundraisingBox Scheduled Pull Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: REST_CREDENTIAL_TYPE, required: true }],
		properties: fundraisingBoxPollTriggerProperties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const kinds = this.getNodeParameter('objects', ['donation']) as PolledKind[];
		const options = this.getNodeParameter('pollOptions', {}) as FundraisingBoxPollOptions;
		const filters: IDataObject = options.testDonations ? { is_test: options.testDonations } : {};
		const now = new Date();

		// "Fetch Test Event" in the editor: show the newest object, touch no state.
		if (this.getMode() === 'manual') {
			const sample: Change[] = [];
			for (const kind of kinds) {
				const { data } = await fundraisingBoxListPage.call(this, LIST_ENDPOINT[kind], filters, 1, 1);
				if (data[0]) sample.push({ kind, object: data[0], version: '' });
			}
			return sample.length ? [await toItems.call(this, sample, options, now)] : null;
		}

		const startFrom = this.getNodeParameter('startFrom', 'now') as 'now' | 'date';
		const startDate = startFrom === 'date' ? (this.getNodeParameter('startDate', '') as string) : '';
		const configKey = JSON.stringify([[...kinds].sort(), startFrom, startDate, filters]);
		const staticData = this.getWorkflowStaticData('node');
		let state = upgradePollState(staticData[STATE_KEY]);
		if (!state || state.configKey !== configKey) {
			// First activation (or new settings): start now, unless the user asked for history.
			const floor = startDate ? startDateWallClock(startDate, FUNDRAISINGBOX_TIME_ZONE) : wallClockIn(now, FUNDRAISINGBOX_TIME_ZONE);
			if (!floor) throw new NodeOperationError(this.getNode(), `Start Date "${startDate}" is not a date`);
			state = initialPollState(configKey, floor);
		}

		// Each type's pass goes on where the last poll stopped, at most Max Pages per Poll further.
		const lookbackStart = wallClockIn(new Date(now.getTime() - LOOKBACK_MS), FUNDRAISINGBOX_TIME_ZONE);
		const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
		const polled: PolledObject[] = [];
		const scans: Partial<Record<PolledKind, ScanState>> = {};
		for (const kind of kinds) {
			const plan = planScan(state, kind, lookbackStart);
			const qs = UPDATED_MIN_FILTER[kind] ? { ...filters, updated_min: plan.scan.queryDay } : filters;
			const endpoint = LIST_ENDPOINT[kind];
			const read = await readScan(plan, maxPages, async (page) => await fundraisingBoxListPage.call(this, endpoint, qs, page), `FundraisingBox ${endpoint}`);
			polled.push(...read.objects.map((object) => ({ kind, object })));
			scans[kind] = read.scan;
		}
		const changes = selectChanges(state, polled);
		const items = changes.length ? await toItems.call(this, changes, options, now) : [];
		// Only now that everything succeeded: a failed poll leaves the state as it was and is repeated.
		staticData[STATE_KEY] = advancePollState(state, changes, scans) as unknown as IDataObject;
		return items.length ? [items] : null;
	}
}

/** Canonical events for the changes, with each one's person when asked (one request per person). */
async function toItems(this: IPollFunctions, changes: Change[], options: FundraisingBoxPollOptions, now: Date): Promise<INodeExecutionData[]> {
	const persons = new Map<string, IDataObject | undefined>();
	if (options.includePerson !== false) {
		for (const { object } of changes) {
			const personId = object.fb_person_id;
			if (personId === undefined || personId === null || persons.has(String(personId))) continue;
			persons.set(String(personId), await personOrUndefined.call(this, String(personId)));
		}
	}
	return changes.map(({ kind, object, version }) => {
		const person = persons.get(String(object.fb_person_id));
		const created = object.updated_at === undefined || object.updated_at === object.created_at;
		const event = normalizeFundraisingBoxWebhook(
			{ [PAYLOAD_KEY[kind]]: object, ...(person ? { fb_person: person } : {}) },
			{
				vendorEvent: `${EVENT_PREFIX[kind]}.${created ? 'create' : 'update'}`,
				// One id per version of the object: a later change is a new event, a repeated poll is not.
				eventId: `fundraisingbox:${kind}:${String(object.id)}:${version.replace(/\D/g, '')}`,
				rawBody: JSON.stringify(object),
				receivedAt: now,
			},
		);
		return { json: event as unknown as IDataObject };
	});
}

/** The person of a donation; a person deleted meanwhile (404) leaves the contact empty rather than failing the poll. */
async function personOrUndefined(this: IPollFunctions, id: string): Promise<IDataObject | undefined> {
	// The transport's errors are NodeApiErrors already, named after FundraisingBox's answer: pass them on as they are.
	return await fundraisingBoxApiRequest
		.call(this, 'GET', `/persons/${encodeURIComponent(id)}.json`)
		.catch(async (error: unknown) => (error instanceof NodeApiError && error.httpCode === '404' ? undefined : await Promise.reject(error)));
}
