import { NodeApiError, type IWebhookFunctions } from 'n8n-workflow';
import {
	MAX_RESOLVES_IN_FLIGHT,
	NOT_CHECKED,
	readOutcomeOfError,
	resolveEntities,
	webhookAnswer,
	type ReadOutcome,
} from '../../../nodes/OnlineFundraising/trigger/entityResolution';
import { entityPath, entityReader } from '../../../nodes/OnlineFundraising/transport';
import { MAX_WEBHOOK_OBJECTS, parseWebhookBody, type WebhookObject } from '../../../nodes/OnlineFundraising/trigger/payload';

const guid = (n: number) => `b1123c69-cb84-4adf-98cf-${String(n).padStart(12, '0')}`;
const object = (entityType: string, eventType: string, entityGuid: string, n = 1): WebhookObject => ({
	merchantId: 'onlinefundraising',
	webhookEventGuid: guid(1000 + n),
	webhookGuid: guid(2000 + n),
	webhookAttemptGuid: guid(3000 + n),
	entityGuid,
	entityType,
	eventType,
});
const body = (value: unknown) => Buffer.from(JSON.stringify(value));
const RECEIVED = new Date('2026-12-04T09:00:00Z');

describe('OnlineFundraising webhook GUIDs, names and size', () => {
	it('refuses anything but a GUID as entityGuid or webhookEventGuid, and anything but a word as a name', () => {
		for (const bad of ['..', '.', '', ' ', '%2e%2e', 'a863d62e-d53b-4651-9b7b-xxxxxxxxxxxx', `${guid(1)}/..`, `${guid(1)} `, 42, null]) {
			expect(parseWebhookBody(body([object('contact', 'created', bad as string)]))).toEqual({ ok: false, status: 400, reason: 'Webhook object 0 has no valid entityGuid (a GUID)' });
		}
		expect(parseWebhookBody(body([{ ...object('contact', 'created', guid(1)), webhookEventGuid: 'e1' }]))).toMatchObject({ status: 400, reason: expect.stringContaining('webhookEventGuid') });
		for (const [entityType, eventType] of [['..', 'created'], ['contact/..', 'created'], ['contact', '../x'], ['', 'created'], ['contact', 'on hold']]) {
			expect(parseWebhookBody(body([object(entityType, eventType, guid(1))]))).toMatchObject({ ok: false, status: 400 });
		}
		// The documented forms pass: lower- and upper-case hex, camelCase names.
		expect(parseWebhookBody(body([object('paymentMethod', 'sessionExpired', guid(1).toUpperCase()), object('SmsMO', 'received', guid(2))]))).toMatchObject({ ok: true });
	});

	it(`caps a request at ${MAX_WEBHOOK_OBJECTS} objects with 413`, () => {
		const at = Array.from({ length: MAX_WEBHOOK_OBJECTS }, (_, n) => object('contact', 'updated', guid(n)));
		expect(parseWebhookBody(body(at))).toMatchObject({ ok: true });
		expect(parseWebhookBody(body([...at, object('contact', 'updated', guid(1))]))).toEqual({ ok: false, status: 413, reason: `More than ${MAX_WEBHOOK_OBJECTS} webhook objects in one request` });
	});

	it('builds an entity path only from a name and a GUID, so .. never reaches the URL', () => {
		expect(entityPath('contact', guid(1))).toBe(`/contact/${guid(1)}`);
		for (const bad of ['..', '.', '', 'x/../y']) expect(() => entityPath('contact', bad)).toThrow(/is not a GUID/);
		expect(() => entityPath('..', guid(1))).toThrow(/not an OnlineFundraising entity name/);
	});
});

describe('resolveEntities', () => {
	const counting = (answer: (entityType: string, guid: string) => ReadOutcome, delayMs = 2) => {
		const load = { reads: [] as string[], inFlight: 0, maxInFlight: 0 };
		const read = async (entityType: string, entityGuid: string) => {
			load.reads.push(`${entityType}/${entityGuid}`);
			load.maxInFlight = Math.max(load.maxInFlight, ++load.inFlight);
			await new Promise((resolve) => setTimeout(resolve, delayMs));
			load.inFlight--;
			return answer(entityType, entityGuid);
		};
		return { load, read };
	};

	it('reads each distinct entity once, whatever the number of objects about it', async () => {
		const { load, read } = counting(() => ({ found: {} }));
		const objects = [...Array.from({ length: 1500 }, (_, n) => object('contact', 'updated', guid(1), n)), object('payment', 'charged', guid(1)), object('contact', 'created', guid(2))];
		const outcomes = await resolveEntities(objects, read);
		expect(load.reads.sort()).toEqual([`contact/${guid(1)}`, `contact/${guid(2)}`, `payment/${guid(1)}`]);
		expect(outcomes.size).toBe(3);
	});

	it(`has at most ${MAX_RESOLVES_IN_FLIGHT} reads in flight, and does not read data sets or unknown entity types`, async () => {
		const { load, read } = counting(() => ({ notFound: true }));
		const objects = [...Array.from({ length: 200 }, (_, n) => object('payment', 'refunded', guid(n))), object('dataSet', 'created', guid(9999)), object('invoice', 'created', guid(9998))];
		const outcomes = await resolveEntities(objects, read);
		expect(load.reads).toHaveLength(200);
		expect(load.maxInFlight).toBe(MAX_RESOLVES_IN_FLIGHT);
		expect(outcomes.size).toBe(200);
	});

	it("reads each distinct agreement of the found subscriptions and payments once, after their entities; never a non-GUID", async () => {
		const agreementOf = (entityGuid: string) => (entityGuid === guid(3) ? '../x' : entityGuid === guid(1) || entityGuid === guid(2) ? guid(500) : guid(501));
		const { load, read } = counting((entityType, entityGuid) => (entityType === 'agreement' ? { found: { scheduleType: 'Monthly' } } : { found: { agreementGuid: agreementOf(entityGuid) } }));
		const objects = [object('subscription', 'created', guid(1)), object('payment', 'charged', guid(2)), object('payment', 'charged', guid(4)), object('subscription', 'updated', guid(3)), object('contact', 'created', guid(5))];
		const outcomes = await resolveEntities(objects, read);
		expect(load.reads.slice(5).sort()).toEqual([`agreement/${guid(500)}`, `agreement/${guid(501)}`]);
		expect(outcomes.get(`agreement/${guid(500)}`)).toEqual({ found: { scheduleType: 'Monthly' } });
		// An agreement webhook's own read is not repeated.
		load.reads.length = 0;
		await resolveEntities([object('agreement', 'updated', guid(500)), object('subscription', 'created', guid(1))], read);
		expect(load.reads.sort()).toEqual([`agreement/${guid(500)}`, `subscription/${guid(1)}`]);
	});

	it('starts no further read once the API is found unavailable', async () => {
		const { load, read } = counting((_, entityGuid) => (entityGuid === guid(0) ? { unavailable: 'API answered 503' } : { found: {} }));
		await resolveEntities(Array.from({ length: 100 }, (_, n) => object('contact', 'updated', guid(n))), read);
		expect(load.reads.length).toBeLessThanOrEqual(MAX_RESOLVES_IN_FLIGHT);
	});
});

describe('readOutcomeOfError', () => {
	const apiError = (httpCode: string) => new NodeApiError({ name: 'T', type: 't', typeVersion: 1, position: [0, 0], parameters: {} } as never, {}, { httpCode, message: 'x' });

	it('404 and 400 mean the entity does not exist; any other status, or no answer, that the API is unavailable', () => {
		expect(readOutcomeOfError(apiError('404'))).toEqual({ notFound: true });
		expect(readOutcomeOfError(apiError('400'))).toEqual({ notFound: true });
		expect(readOutcomeOfError(apiError('503'))).toEqual({ unavailable: 'API answered 503' });
		expect(readOutcomeOfError(apiError('429'))).toEqual({ unavailable: 'API answered 429' });
		expect(readOutcomeOfError(apiError('500'))).toEqual({ unavailable: 'API answered 500' });
		expect(readOutcomeOfError(apiError('401'))).toEqual({ unavailable: 'API key refused (401)' });
		expect(readOutcomeOfError(Object.assign(new Error('timeout of 10000ms exceeded'), { code: 'ECONNABORTED' }))).toEqual({ unavailable: 'no answer (timeout or connection error)' });
		expect(readOutcomeOfError(undefined)).toEqual({ unavailable: 'no answer (timeout or connection error)' });
	});
});

describe('webhookAnswer', () => {
	const contact = object('contact', 'updated', guid(1));
	const forged = object('payment', 'refunded', guid(2), 2);
	const archived = object('contact', 'archived', guid(3), 3);
	const dataSet = object('dataSet', 'created', guid(4), 4);
	const outcomes = (entries: Array<[WebhookObject, ReadOutcome]>) => new Map(entries.map(([o, outcome]) => [`${o.entityType}/${o.entityGuid}`, outcome]));

	it('emits found entities, drops forged ones, keeps archive events and data sets as labelled references', () => {
		const answer = webhookAnswer([contact, forged, archived, dataSet], outcomes([[contact, { found: { contactGuid: guid(1), firstName: 'Jens' } }], [forged, { notFound: true }], [archived, { notFound: true }]]), RECEIVED);
		expect('items' in answer && answer.items.map((item) => [item.vendorEvent, item.event, item.unverified === undefined])).toEqual([
			['contact.updated', 'contact.updated', true],
			['contact.archived', 'other', false],
			['dataSet.created', 'other', false],
		]);
	});

	it('refuses with 400 when every entity is unknown, and with 503 and Retry-After when the API could not answer for any', () => {
		expect(webhookAnswer([forged], outcomes([[forged, { notFound: true }]]), RECEIVED)).toEqual({
			refusal: { status: 400, reason: 'No entity of this webhook exists in OnlineFundraising', headers: undefined },
		});
		expect(webhookAnswer([contact, forged], outcomes([[contact, { found: {} }], [forged, { unavailable: 'API answered 429' }]]), RECEIVED)).toEqual({
			refusal: {
				status: 503,
				reason: 'OnlineFundraising could not be asked about the entities of this webhook (API answered 429); not acknowledged, so it will be sent again',
				headers: { 'Retry-After': '60' },
			},
		});
	});

	it('refuses with 409 a claim the entity’s state contradicts, naming its place in the body; a batch keeps its consistent objects', () => {
		const refund = object('payment', 'refunded', guid(5), 5);
		const paid = { found: { paymentGuid: guid(5), state: 'Charged' } };
		const filteredOut = object('contact', 'created', guid(6), 6);
		expect(webhookAnswer([refund], outcomes([[refund, paid]]), RECEIVED, [filteredOut, refund])).toEqual({
			refusal: {
				status: 409,
				reason: "Webhook object 1 (payment.refunded) contradicts OnlineFundraising: the payment's state is Charged: a processed refund leaves a payment Refunded, and no way out of Refunded is documented",
				headers: undefined,
			},
		});
		const another = object('payment', 'refunded', guid(7), 7);
		expect(webhookAnswer([refund, forged, another], outcomes([[refund, paid], [forged, { notFound: true }], [another, { found: { state: 'Pending' } }]]), RECEIVED)).toMatchObject({
			refusal: { status: 409, reason: expect.stringMatching(/^Webhook object 0 \(payment\.refunded\).*\(and 1 more contradicted objects\)$/) },
		});
		const answer = webhookAnswer([refund, contact], outcomes([[refund, paid], [contact, { found: { contactGuid: guid(1) } }]]), RECEIVED);
		expect('items' in answer && answer.items.map((item) => item.vendorEvent)).toEqual(['contact.updated']);
		// The same refund once the payment is Refunded: emitted.
		const refunded = webhookAnswer([refund], outcomes([[refund, { found: { paymentGuid: guid(5), state: 'Refunded' } }]]), RECEIVED);
		expect('items' in refunded && refunded.items.map((item) => item.event)).toEqual(['payment.refunded']);
	});

	it("gives a subscription its agreement's rhythm; an agreement not found leaves it unknown; one the API could not answer is 503", () => {
		const subscription = object('subscription', 'created', guid(8), 8);
		const found = { found: { subscriptionGuid: guid(8), agreementGuid: guid(9), state: 'Active' } };
		const agreement = (outcome: ReadOutcome) => new Map([...outcomes([[subscription, found]]), [`agreement/${guid(9)}`, outcome]]);
		const monthly = webhookAnswer([subscription], agreement({ found: { scheduleType: 'Monthly', scheduleEveryOther: 1, scheduleCalendarUnit: 'Month' } }), RECEIVED);
		expect('items' in monthly && monthly.items.map((item) => (item.subscription as { interval: unknown }).interval)).toEqual(['monthly']);
		const archived = webhookAnswer([subscription], agreement({ notFound: true }), RECEIVED);
		expect('items' in archived && archived.items.map((item) => (item.subscription as { interval: unknown }).interval)).toEqual([null]);
		expect(webhookAnswer([subscription], agreement({ unavailable: 'API answered 503' }), RECEIVED)).toMatchObject({ refusal: { status: 503 } });
	});

	it('without checking (no credential, or Resolve Entity off) labels every item unverified', () => {
		const answer = webhookAnswer([contact, forged], undefined, RECEIVED);
		expect('items' in answer && answer.items.map((item) => [item.vendorEvent, item.unverified])).toEqual([
			['contact.updated', NOT_CHECKED],
			['payment.refunded', NOT_CHECKED],
		]);
	});
});

describe('entityReader', () => {
	it('reads the credential once per webhook request and hands it to every read', async () => {
		const getCredentials = jest.fn(async () => ({ baseUrl: 'https://api.example.dk/', apiKey: 'k' }));
		const httpRequestWithAuthentication = jest.fn(async () => ({ statusCode: 200, body: '{"contactGuid":"x"}', headers: {} }));
		const context = {
			getNode: () => ({ name: 'Trigger', credentials: { onlineFundraisingApi: { id: `cred-${Date.now()}`, name: 'OF' } } }),
			getCredentials,
			helpers: { httpRequestWithAuthentication },
			logger: { warn: jest.fn() },
		} as unknown as IWebhookFunctions;
		const read = await entityReader.call(context);
		for (let n = 0; n < 5; n++) expect(await read('contact', guid(n))).toEqual({ found: { contactGuid: 'x' } });
		expect(getCredentials).toHaveBeenCalledTimes(1);
		expect(httpRequestWithAuthentication).toHaveBeenCalledTimes(5);
		const [, options, additional] = httpRequestWithAuthentication.mock.calls[0] as unknown as [string, { url: string; timeout: number }, { credentialsDecrypted: { data: unknown } }];
		expect(options).toMatchObject({ url: `https://api.example.dk/contact/${guid(0)}`, timeout: 10_000 });
		expect(additional.credentialsDecrypted.data).toEqual({ baseUrl: 'https://api.example.dk/', apiKey: 'k' });
	});
});
