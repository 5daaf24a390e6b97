import { ARCHIVING_EVENTS, canonicalEventType, DOCUMENTED_EVENTS } from '../../../nodes/OnlineFundraising/events';
import { intervalOfAgreement, normalizeOnlineFundraisingWebhook, referenceOnlyEvent } from '../../../nodes/OnlineFundraising/toCanonicalEvent';
import { copenhagenTimestampToIso } from '../../../nodes/OnlineFundraising/apiFormat';
import { bodyMd5, signedJsonBody } from '../../../nodes/OnlineFundraising/signing';
import { parseWebhookBody, type WebhookObject } from '../../../nodes/OnlineFundraising/trigger/payload';
import { onlineFundraisingTriggerProperties } from '../../../nodes/OnlineFundraising/trigger/parameters';

const webhook = (overrides: Partial<WebhookObject> = {}): WebhookObject => ({
	merchantId: 'onlinefundraising',
	webhookEventGuid: '22ce6765-461f-4dd2-a3eb-000000000001',
	webhookGuid: '592d0752-dfda-46b8-aeec-000000000001',
	webhookAttemptGuid: '029b8cb0-9825-466d-a9db-000000000001',
	entityGuid: 'b1123c69-cb84-4adf-98cf-000000000001',
	entityType: 'contact',
	eventType: 'created',
	...overrides,
});

describe('OnlineFundraising webhook body', () => {
	it('reads the documented array of webhook objects (and a single object)', () => {
		const body = Buffer.from(JSON.stringify([webhook(), webhook({ entityType: 'payment', eventType: 'updated' })]));
		expect(parseWebhookBody(body)).toMatchObject({ ok: true, objects: [{ entityType: 'contact' }, { entityType: 'payment' }] });
		expect(parseWebhookBody(Buffer.from(JSON.stringify(webhook())))).toMatchObject({ ok: true, objects: [{ eventType: 'created' }] });
	});

	it('refuses malformed JSON, an empty array and objects without the documented references', () => {
		expect(parseWebhookBody(Buffer.from('[{'))).toMatchObject({ ok: false, reason: expect.stringMatching(/^Malformed JSON/) });
		expect(parseWebhookBody(Buffer.from('[]'))).toEqual({ ok: false, status: 400, reason: 'Empty webhook array' });
		expect(parseWebhookBody(Buffer.from('[1]'))).toEqual({ ok: false, status: 400, reason: 'Webhook object 0 is not an object' });
		const withoutEntity: Partial<WebhookObject> = webhook();
		delete withoutEntity.entityGuid;
		expect(parseWebhookBody(Buffer.from(JSON.stringify([webhook(), withoutEntity])))).toEqual({ ok: false, status: 400, reason: 'Webhook object 1 has no valid entityGuid (a GUID)' });
		expect(parseWebhookBody(Buffer.from(JSON.stringify([webhook({ entityType: '../admin' })])))).toMatchObject({ ok: false });
	});
});

describe('OnlineFundraising events and values', () => {
	it('names each event in words in the Events filter, with the vendor pair as its value', () => {
		const events = onlineFundraisingTriggerProperties.find((property) => property.name === 'events');
		const options = (events?.options ?? []) as Array<{ name: string; value: string }>;
		expect(options).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ name: 'Subscription On Hold', value: 'subscription.onHold' }),
				expect.objectContaining({ name: 'Payment Method Session Expired', value: 'paymentMethod.sessionExpired' }),
				expect.objectContaining({ name: 'Data Set Created', value: 'dataSet.created' }),
			]),
		);
	});

	it('maps documented pairs and keeps the rest as other', () => {
		expect(DOCUMENTED_EVENTS.has('subscription.onHold')).toBe(true);
		expect(canonicalEventType('payment', 'charged')).toBe('payment.succeeded');
		expect(canonicalEventType('payment', 'refunded')).toBe('payment.refunded');
		expect(canonicalEventType('subscription', 'restarted')).toBe('subscription.resumed');
		expect(canonicalEventType('subscription', 'expired')).toBe('subscription.ended');
		expect(canonicalEventType('paymentMethod', 'activated')).toBe('other');
		expect(canonicalEventType('payment', 'teleported')).toBe('other');
	});

	it('reads Copenhagen timestamps with their offset', () => {
		expect(copenhagenTimestampToIso('2019-12-31 15:59:59 +0100')).toBe('2019-12-31T15:59:59+01:00');
		expect(copenhagenTimestampToIso('2022-07-12 09:00:39 +0200')).toBe('2022-07-12T09:00:39+02:00');
		expect(copenhagenTimestampToIso('')).toBeNull();
		expect(copenhagenTimestampToIso('yesterday')).toBeNull();
	});

	it('signs the exact body bytes with upper-case hex MD5', () => {
		expect(bodyMd5('')).toBe('D41D8CD98F00B204E9800998ECF8427E');
		const { text, headers } = signedJsonBody({ name: 'Jens Jensen', city: 'København K' });
		expect(headers.RequestMD5).toBe(bodyMd5(text));
		expect(headers['Content-Type']).toBe('application/json; charset=utf-8');
	});
});

describe('normalizeOnlineFundraisingWebhook', () => {
	it('turns a contact webhook and its entity into the canonical event', () => {
		const contact = {
			contactGuid: 'b1123c69-cb84-4adf-98cf-000000000001',
			firstName: 'Jens',
			lastName: 'Jensen',
			email: 'Jens@Example.DK',
			msisdn: '4535294855',
			address: 'Store Kongensgade 59B',
			address2: '',
			postCode: '1264',
			city: 'København K',
			countryCode: 'dk',
			createdTs: '2019-12-31 15:59:59 +0100',
			updatedTs: '',
		};
		const event = normalizeOnlineFundraisingWebhook(webhook(), contact, new Date('2026-11-23T10:00:00Z'));
		expect(event).toMatchObject({
			source: 'onlinefundraising',
			event: 'contact.created',
			vendorEvent: 'contact.created',
			eventId: 'onlinefundraising:22ce6765-461f-4dd2-a3eb-000000000001',
			occurredAt: '2019-12-31T15:59:59+01:00',
			receivedAt: '2026-11-23T10:00:00.000Z',
			contact: { id: contact.contactGuid, firstName: 'Jens', email: 'jens@example.dk', mobile: '4535294855', address: { street2: null, country: 'DK' } },
			payment: null,
			vendor: { webhook: webhook(), entity: { ...contact, address2: null, updatedTs: null, createdTs: '2019-12-31T15:59:59+01:00' } },
		});
		expect(JSON.parse(event.raw as string)).toEqual(webhook());
	});

	it('takes amount, currency, subscription and contact reference from a payment', () => {
		const payment = { paymentGuid: 'p1', subscriptionGuid: 's1', contactGuid: 'c1', agreementGuid: 'a1', amountTotal: 125.0, currencyCode: 'DKK', paymentMethodType: 'Betalingsservice' };
		const event = normalizeOnlineFundraisingWebhook(webhook({ entityType: 'payment', eventType: 'charged', entityGuid: 'p1' }), payment);
		expect(event).toMatchObject({
			event: 'payment.succeeded',
			amount: '125.00',
			currency: 'DKK',
			payment: { id: 'p1', orderId: 's1', method: 'Betalingsservice' },
			subscription: { id: 's1', status: null },
			contact: { id: 'c1', email: null },
			product: { id: 'a1' },
		});
	});

	it('dates an event by its own timestamp where the entity has one: a charge read after its refund keeps the charge time', () => {
		const refunded = { paymentGuid: 'p1', state: 'Refunded', chargedTs: '2026-12-20 09:00:00 +0100', refundedTs: '2027-01-25 10:00:00 +0100', updatedTs: '2027-01-25 10:00:00 +0100', createdTs: '2026-12-19 08:00:00 +0100' };
		const at = (eventType: string, entity: Record<string, unknown>) => normalizeOnlineFundraisingWebhook(webhook({ entityType: 'payment', eventType, entityGuid: 'p1' }), entity).occurredAt;
		expect(at('charged', refunded)).toBe('2026-12-20T09:00:00+01:00');
		expect(at('refunded', refunded)).toBe('2027-01-25T10:00:00+01:00');
		// Without it (empty or missing): the last change, else the creation.
		expect(at('charged', { ...refunded, chargedTs: '' })).toBe('2027-01-25T10:00:00+01:00');
		expect(at('failed', { createdTs: refunded.createdTs, updatedTs: '' })).toBe('2026-12-19T08:00:00+01:00');
		const cancelled = { state: 'Inactive', cancelledTs: '2027-02-03 12:00:00 +0100', updatedTs: '2027-02-04 08:00:00 +0100' };
		expect(normalizeOnlineFundraisingWebhook(webhook({ entityType: 'subscription', eventType: 'cancelled' }), cancelled).occurredAt).toBe('2027-02-03T12:00:00+01:00');
	});

	it("takes the subscription's rhythm from its agreement: the documented monthly schedule; anything else unknown", () => {
		const documented = { scheduleType: 'Monthly', scheduleBaseTier: 1, scheduleFixedDay: 1, scheduleEveryOther: 1, scheduleCalendarUnit: 'Month', scheduleSelectedSet: '[1,2,5,6,7,12]' };
		expect(intervalOfAgreement(documented)).toBe('monthly');
		expect(intervalOfAgreement({ scheduleType: 'monthly', scheduleEveryOther: '1' })).toBe('monthly');
		for (const unknown of [{ ...documented, scheduleEveryOther: 3 }, { ...documented, scheduleCalendarUnit: 'Year' }, { ...documented, scheduleType: 'Yearly' }, { scheduleType: '' }, {}, undefined]) {
			expect(intervalOfAgreement(unknown)).toBeNull();
		}
		const subscription = normalizeOnlineFundraisingWebhook(webhook({ entityType: 'subscription', eventType: 'created' }), { agreementGuid: 'a1', state: 'Active', paymentMethodType: 'Card' }, new Date(), { ...documented, amountTotal: 125.0, currencyCode: 'DKK' });
		expect(subscription).toMatchObject({
			// The amount charged and its currency are the agreement's; the payment method the subscription's.
			amount: '125.00',
			currency: 'DKK',
			payment: { id: null, orderId: webhook().entityGuid, method: 'Card' },
			subscription: { id: webhook().entityGuid, interval: 'monthly', status: 'Active' },
		});
		const payment = normalizeOnlineFundraisingWebhook(webhook({ entityType: 'payment', eventType: 'charged' }), { subscriptionGuid: 's1', agreementGuid: 'a1' }, new Date(), documented);
		expect(payment.subscription).toMatchObject({ id: 's1', interval: 'monthly' });
		expect(normalizeOnlineFundraisingWebhook(webhook({ entityType: 'payment', eventType: 'charged' }), { subscriptionGuid: 's1' }).subscription).toMatchObject({ interval: null });
	});

	it('an archive or merge event that cannot be checked is a reference only, of type other, with nothing a sink would write', () => {
		expect([...ARCHIVING_EVENTS].sort()).toEqual(['agreement.archived', 'contact.archived', 'contact.merged']);
		for (const [entityType, eventType] of [['contact', 'merged'], ['agreement', 'archived']]) {
			const object = webhook({ entityType, eventType });
			expect(referenceOnlyEvent(object, new Date('2026-11-23T10:00:00Z'))).toEqual({
				schemaVersion: 1,
				source: 'onlinefundraising',
				event: 'other',
				vendorEvent: `${entityType}.${eventType}`,
				eventId: `onlinefundraising:${object.webhookEventGuid}`,
				occurredAt: null,
				receivedAt: '2026-11-23T10:00:00.000Z',
				testMode: false,
				amount: null,
				currency: null,
				contact: null,
				payment: null,
				subscription: null,
				product: null,
				vendor: { webhook: object, entity: null },
				raw: JSON.stringify(object),
			});
		}
	});

	it('keeps an unresolved webhook as a reference only', () => {
		const event = normalizeOnlineFundraisingWebhook(webhook({ entityType: 'subscription', eventType: 'onHold' }), undefined);
		expect(event).toMatchObject({ event: 'subscription.updated', amount: null, contact: null, subscription: { id: webhook().entityGuid }, vendor: { entity: null } });
	});
});
