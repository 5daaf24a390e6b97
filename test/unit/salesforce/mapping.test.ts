import { readFileSync } from 'fs';
import { join } from 'path';
import { normalizeDigistore24Ipn } from '../../../nodes/Digistore24/toCanonicalEvent';
import { normalizeFundraisingBoxWebhook } from '../../../nodes/FundraisingBox/toCanonicalEvent';
import { mapperConfig } from '../../../nodes/SalesforceMapper/config';
import { countryName, fillPlaceholders, mapEvent, MappingError, transactionKey, type MappedRecord } from '../../../nodes/SalesforceMapper/fromCanonicalEvent/contacts';
import { collectionRecord, mergeByKey, retryFor, soqlString } from '../../../nodes/SalesforceMapper/upsert/collections';
import type { CanonicalEvent } from '../../../nodes/shared/canonicalEvent';

const fixture = (path: string) => JSON.parse(readFileSync(join(__dirname, '../../fixtures', path), 'utf8'));
/** Digistore24's captured IPN is a test purchase (api_mode=test, pay_method=test); made live here. */
const captured = { ...(fixture('digistore24/captured-on-payment.json') as Record<string, string>), api_mode: 'live', pay_method: 'creditcard' };
/** A real Digistore24 payment as its trigger emits it. */
const payment = normalizeDigistore24Ipn(captured, { receivedAt: new Date('2026-08-18T06:41:50Z') });
/** The captured IPN as it came: a test purchase. */
const testPurchase = normalizeDigistore24Ipn(fixture('digistore24/captured-on-payment.json'), { receivedAt: new Date('2026-08-18T06:41:50Z') });
/** Its refund: Digistore24 names the reversed payment in parent_transaction_id. */
const refund = normalizeDigistore24Ipn({ ...captured, event: 'on_refund', transaction_id: '4000100', parent_transaction_id: '3999938', transaction_type: 'refund', amount: '-49.00' }, { receivedAt: new Date('2026-08-20T10:00:00Z') });
/** A real FundraisingBox donation (its sample is a test donation, is_test 1; taken as live here). */
const donation: CanonicalEvent = { ...normalizeFundraisingBoxWebhook(fixture('fundraisingbox/json-webhook.json'), { vendorEvent: 'online_donation.create', requestId: 'req-9' }), testMode: false };

const defaults = mapperConfig({});
const records = (event: CanonicalEvent, config = defaults): MappedRecord[] => {
	const mapping = mapEvent(event, config);
	if ('skipped' in mapping) throw new Error(mapping.skipped);
	return mapping.records;
};

describe('mapEvent with the defaults (a standard org, no custom fields)', () => {
	it('a payment becomes a Contact matched by Email and an Opportunity matched by a unique Name, linked by ContactId', () => {
		const [contact, opportunity] = records(payment);
		expect(contact).toEqual({
			role: 'contact',
			object: 'Contact',
			externalIdField: 'Email',
			externalIdValue: 'kaeufer@example.de',
			fields: { FirstName: 'Test', LastName: 'Kauf', MailingCountry: 'Switzerland' },
			createOnly: {},
			ifNew: {},
			links: [],
			// Names that the org's state and country picklists may refuse are mended from its describe.
			addressPrefix: 'Mailing',
			addressAs: 'name',
			countryCode: 'CH',
		});
		expect(opportunity).toEqual({
			role: 'opportunity',
			object: 'Opportunity',
			externalIdField: 'Name',
			externalIdValue: 'Digistore24 3999938',
			fields: { StageName: 'Closed Won', CloseDate: '2026-08-18', Amount: 49, Description: 'basic_monthly__de__dev' },
			createOnly: {},
			ifNew: {},
			links: [{ field: 'ContactId', role: 'contact' }],
		});
	});

	it('a refund moves the stage of the payment it reverses; the rest is only for a payment Salesforce has not seen', () => {
		expect(transactionKey(refund)).toBe('DS24-3999938');
		const opportunity = records(refund)[1];
		expect(opportunity).toMatchObject({ externalIdValue: 'Digistore24 3999938', fields: { StageName: 'Closed Lost' }, ifNew: { CloseDate: '2026-08-18', Amount: 49 } });
	});

	it('every stage and field name can be changed, custom fields and External ID keys included', () => {
		const config = mapperConfig({
			contactKeyField: 'Donor_Id__c',
			opportunityKeyField: 'Payment_Id__c',
			contactLinkField: 'npsp__Primary_Contact__c',
			stages: { succeeded: 'Posted' },
			options: { countryFormat: 'code', multiCurrency: true, contactFieldNames: { mobile: '', sourceId: 'Legacy_Id__c' }, opportunityFieldNames: { product: 'Purpose__c' } },
			additionalOpportunityFields: { field: [{ name: 'Product_{product.id}__c', value: '{vendor.affiliate_name}' }, { name: 'Tracking__c', value: 'tk' }] },
		});
		const [contact, opportunity] = records(payment, config);
		expect(contact).toMatchObject({ externalIdField: 'Donor_Id__c', externalIdValue: 'DS24-333222', fields: { Email: 'kaeufer@example.de', MailingCountryCode: 'CH' } });
		expect(contact.fields).toMatchObject({ Legacy_Id__c: 'DS24-333222' });
		expect(opportunity).toMatchObject({
			externalIdField: 'Payment_Id__c',
			externalIdValue: 'DS24-3999938',
			fields: { Name: 'Digistore24 3999938', StageName: 'Posted', CurrencyIsoCode: 'EUR', Purpose__c: 'basic_monthly__de__dev', Product_512345__c: null, Tracking__c: 'tk' },
			links: [{ field: 'npsp__Primary_Contact__c', role: 'contact' }],
		});
	});

	it('a company donor gets an Account when asked, and NPSP recurring donations carry the subscription', () => {
		const companyDonation: CanonicalEvent = {
			...donation,
			contact: { ...donation.contact!, company: 'Verein Beispiel' },
			subscription: { id: '377586', interval: 'quarterly', status: 'active', nextPaymentAt: null },
		};
		const config = mapperConfig({ options: { createAccounts: true, recurringDonations: true } });
		const mapped = records(companyDonation, config);
		expect(mapped.map((record) => record.role)).toEqual(['account', 'contact', 'recurringDonation', 'opportunity']);
		// Account.Name is no upsert key on a real org: the Account is looked up by Name, then written by Id.
		expect(mapped[0]).toMatchObject({ object: 'Account', externalIdField: 'Name', lookupField: 'Name', externalIdValue: 'Verein Beispiel', fields: { BillingCity: 'Zürich', BillingCountry: 'Switzerland' } });
		const byExternalId = records(companyDonation, mapperConfig({ options: { createAccounts: true, accountKeyField: 'Company_Key__c' } }));
		expect(byExternalId[0]).toMatchObject({ externalIdField: 'Company_Key__c', externalIdValue: 'Verein Beispiel', fields: { Name: 'Verein Beispiel' } });
		expect(byExternalId[0].lookupField).toBeUndefined();
		expect(records(companyDonation, mapperConfig({ options: { createAccounts: true, accountKeyField: 'name' } }))[0]).toMatchObject({ externalIdField: 'Name', lookupField: 'Name' });
		expect(mapped[1].links).toEqual([{ field: 'AccountId', role: 'account' }]);
		expect(mapped[2]).toMatchObject({
			object: 'npe03__Recurring_Donation__c',
			externalIdField: 'npsp__CommitmentId__c',
			externalIdValue: 'FB-377586',
			// A payment sets no status: only subscription events do (a refund must not re-open a closed one).
			fields: { npe03__Amount__c: 100, npe03__Installment_Period__c: 'Monthly', npsp__InstallmentFrequency__c: 3 },
			ifNew: { npsp__RecurringType__c: 'Open' },
			links: [{ field: 'npe03__Contact__c', role: 'contact' }],
		});
		expect(mapped[3].links).toEqual([
			{ field: 'ContactId', role: 'contact' },
			{ field: 'npe03__Recurring_Donation__c', role: 'recurringDonation' },
		]);
		expect(mapped[2].fields).not.toHaveProperty('npsp__Status__c');
		// A created event says Active only for a new Recurring Donation: delivered again after the cancellation, it must not re-open it.
		const created = records({ ...companyDonation, event: 'subscription.created', payment: null }, config)[2];
		expect(created.fields).not.toHaveProperty('npsp__Status__c');
		expect(created.ifNew).toMatchObject({ npsp__Status__c: 'Active' });
		expect(records({ ...companyDonation, event: 'subscription.resumed', payment: null }, config)[2].fields).toMatchObject({ npsp__Status__c: 'Active' });
		const refunded = records({ ...companyDonation, event: 'payment.refunded', amount: '-100.00', payment: { ...companyDonation.payment!, parentId: companyDonation.payment!.id } }, config);
		expect(refunded[2].fields).toEqual({ npe03__Installment_Period__c: 'Monthly', npsp__InstallmentFrequency__c: 3 });
		// Multi-currency: a new Recurring Donation gets the subscription's currency; day 30 stays 30, the 31st is Last_Day.
		const multiCurrency = mapperConfig({ options: { recurringDonations: true, multiCurrency: true } });
		expect(records({ ...companyDonation, occurredAt: '2026-11-30T10:00:00+01:00' }, multiCurrency)[1].ifNew).toMatchObject({ CurrencyIsoCode: 'EUR', npsp__Day_of_Month__c: '30' });
		expect(records({ ...companyDonation, occurredAt: '2026-12-31T10:00:00+01:00' }, multiCurrency)[1].ifNew).toMatchObject({ npsp__Day_of_Month__c: 'Last_Day' });
		const cancelled = records({ ...companyDonation, event: 'subscription.cancelled', payment: null }, config);
		expect(cancelled.map((record) => record.role)).toEqual(['account', 'contact', 'recurringDonation']);
		expect(cancelled[2].fields).toEqual({ npsp__Status__c: 'Closed' });
	});

	it('a stand-in last name goes only to a new Contact, never over an existing one', () => {
		const [contact] = records({ ...payment, contact: { ...payment.contact!, lastName: null } });
		expect(contact.fields).not.toHaveProperty('LastName');
		expect(contact.ifNew).toEqual({ LastName: 'kaeufer' });
		const [keyed] = mergeByKey([{ itemIndex: 0, records: [contact] }], 'contact');
		expect(keyed.describes).toBe(false);
		expect(collectionRecord(keyed, {}, 'existing')).not.toHaveProperty('LastName');
		expect(collectionRecord(keyed, {}, 'new')).toMatchObject({ LastName: 'kaeufer' });
	});

	it('contact events write the Contact only; other events are skipped with a reason', () => {
		expect(records({ ...donation, event: 'contact.updated' }).map((record) => record.role)).toEqual(['contact']);
		expect(mapEvent({ ...payment, event: 'test' }, defaults)).toEqual({ skipped: '"test" events are not written to Salesforce' });
	});

	it('skips test payments by default, saying why, and writes them when asked', () => {
		expect(testPurchase.testMode).toBe(true);
		expect(mapEvent(testPurchase, defaults)).toEqual({
			skipped: 'event digistore24:3999938:on_payment is a test payment (testMode); turn on the option "Include Test Events" to write it',
		});
		expect(records(testPurchase, mapperConfig({ options: { includeTestEvents: true } })).map((record) => record.role)).toEqual(['contact', 'opportunity']);
	});

	it('says what an event lacks', () => {
		expect(() => records({ ...payment, contact: { ...payment.contact!, email: null } })).toThrow(MappingError);
		expect(() => records({ ...payment, contact: { ...payment.contact!, email: null } })).toThrow(/no e-mail address to match the Contact by/);
		expect(() => records({ ...payment, payment: null })).toThrow(/no transaction id/);
	});
});

describe('small mappings', () => {
	it('fills placeholders from the event, leaving objects alone', () => {
		expect(fillPlaceholders('Country_{vendor.product_id}__c', payment)).toBe('Country_512345__c');
		expect(fillPlaceholders('{contact}', payment)).toBe('{contact}');
		expect(fillPlaceholders('{nothing.here}', payment)).toBe('');
	});

	it('names countries in English (Salesforce’s integration values)', () => {
		expect(countryName('ch')).toBe('Switzerland');
		expect(countryName('DK')).toBe('Denmark');
		expect(countryName(null)).toBeUndefined();
	});
});

describe('batching', () => {
	const plan = (itemIndex: number, event: CanonicalEvent) => ({ itemIndex, records: records(event) });

	it('sends a key once per run, later events winning, the payment’s fields kept for a refund in the same run', () => {
		const merged = mergeByKey([plan(0, payment), plan(1, refund)], 'opportunity');
		expect(merged).toHaveLength(1);
		expect(merged[0]).toMatchObject({ fields: { StageName: 'Closed Lost', Amount: 49, CloseDate: '2026-08-18' }, describes: true });
		expect(merged[0].owners.map((owner) => owner.itemIndex)).toEqual([0, 1]);
	});

	it('merges Accounts looked up by Name case-insensitively and sends them by Id (null: create)', () => {
		const withCompany = (event: CanonicalEvent, company: string): CanonicalEvent => ({ ...event, contact: { ...event.contact!, company } });
		const config = mapperConfig({ options: { createAccounts: true } });
		const accountPlan = (itemIndex: number, event: CanonicalEvent) => ({ itemIndex, records: records(event, config) });
		const merged = mergeByKey([accountPlan(0, withCompany(payment, 'Beispiel AG')), accountPlan(1, withCompany(donation, 'BEISPIEL AG'))], 'account');
		expect(merged).toHaveLength(1);
		expect(merged[0]).toMatchObject({ externalIdField: 'Name', lookupField: 'Name', externalIdValue: 'Beispiel AG' });
		expect(collectionRecord(merged[0], {}, 'describing')).toMatchObject({ attributes: { type: 'Account' }, Name: 'Beispiel AG', Id: null });
		expect(collectionRecord(merged[0], {}, 'describing', '001000000000001AAA')).toMatchObject({ Name: 'Beispiel AG', Id: '001000000000001AAA' });
	});

	it('sends a payment whole, a stage change alone unless the record is new, and knows which second try fixes a refusal', () => {
		const [paid] = mergeByKey([plan(0, payment)], 'opportunity');
		const link = { ContactId: '003000000000001AAA' };
		expect(collectionRecord(paid, link, 'describing')).toEqual({
			attributes: { type: 'Opportunity' },
			StageName: 'Closed Won',
			CloseDate: '2026-08-18',
			Amount: 49,
			Description: 'basic_monthly__de__dev',
			ContactId: '003000000000001AAA',
			Name: 'Digistore24 3999938',
		});
		expect(collectionRecord(paid, link, 'existing')).not.toHaveProperty('ContactId');
		const [refunded] = mergeByKey([plan(0, refund)], 'opportunity');
		expect(refunded.describes).toBe(false);
		expect(collectionRecord(refunded, link, 'existing')).toEqual({ attributes: { type: 'Opportunity' }, StageName: 'Closed Lost', Name: 'Digistore24 3999938' });
		expect(collectionRecord(refunded, link, 'new')).toMatchObject({ StageName: 'Closed Lost', CloseDate: '2026-08-18', Amount: 49, ContactId: '003000000000001AAA' });
		expect(retryFor([{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [CloseDate]' }], refunded, 'existing')).toBe('new');
		expect(retryFor([{ statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', message: 'Unable to create/update fields: ContactId.' }], paid, 'describing')).toBe('existing');
		expect(retryFor([{ statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', message: '…' }], paid, 'existing')).toBeUndefined();
		expect(retryFor([{ statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', message: '…' }], paid, 'describing')).toBeUndefined();
	});

	it('quotes SOQL string literals', () => {
		expect(soqlString("O'Brien\\x")).toBe("'O\\'Brien\\\\x'");
	});
});
