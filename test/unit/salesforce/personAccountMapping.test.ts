/**
 * "Donors As Person Accounts" in the Contacts and Opportunities model: a person donor is one Person
 * Account found by PersonEmail, and every link to its Contact takes the account's PersonContactId.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { normalizeDigistore24Ipn } from '../../../nodes/Digistore24/toCanonicalEvent';
import { normalizeFundraisingBoxWebhook } from '../../../nodes/FundraisingBox/toCanonicalEvent';
import { mapperConfig } from '../../../nodes/SalesforceMapper/config';
import { mapEvent, MappingError, PERSON_CONTACT_FIELD, type MappedRecord } from '../../../nodes/SalesforceMapper/fromCanonicalEvent/contacts';
import { collectionRecord, mergeByKey } from '../../../nodes/SalesforceMapper/upsert/collections';
import type { CanonicalEvent } from '../../../nodes/shared/canonicalEvent';

const fixture = (path: string) => JSON.parse(readFileSync(join(__dirname, '../../fixtures', path), 'utf8'));
const captured = { ...(fixture('digistore24/captured-on-payment.json') as Record<string, string>), api_mode: 'live', pay_method: 'creditcard' };
/** A real Digistore24 payment as its trigger emits it (buyer Test Kauf, KAEUFER@… lower-cased by the key). */
const payment = normalizeDigistore24Ipn(captured, { receivedAt: new Date('2026-08-18T06:41:50Z') });
const donation: CanonicalEvent = { ...normalizeFundraisingBoxWebhook(fixture('fundraisingbox/json-webhook.json'), { vendorEvent: 'online_donation.create', requestId: 'req-9' }), testMode: false };
const subscription = { id: '377586', interval: 'monthly' as const, status: 'active', nextPaymentAt: null };

const RECORD_TYPE = '012000000000002AAA';
const personOptions = { personAccounts: true, personAccountRecordTypeId: RECORD_TYPE };
const records = (event: CanonicalEvent, parameters: Record<string, unknown> = {}): MappedRecord[] => {
	const mapping = mapEvent(event, mapperConfig({ ...parameters, options: { ...personOptions, ...(parameters.options as object) } }));
	if ('skipped' in mapping) throw new Error(mapping.skipped);
	return mapping.records;
};
const toPersonContact = (field: string) => ({ field, role: 'account', valueField: PERSON_CONTACT_FIELD });

describe('Donors As Person Accounts: the settings', () => {
	it('are off by default (saved workflows keep their Contacts) and read the record type', () => {
		expect(mapperConfig({}).personAccounts).toEqual({ enabled: false, recordTypeId: '' });
		expect(mapperConfig({ options: { ...personOptions, personAccountRecordTypeId: ` ${RECORD_TYPE} ` } }).personAccounts).toEqual({ enabled: true, recordTypeId: RECORD_TYPE });
		expect(mapEvent(payment, mapperConfig({})) as { records: MappedRecord[] }).toMatchObject({ records: [{ role: 'contact' }, { role: 'opportunity' }] });
	});
});

describe('Donors As Person Accounts: what an event becomes', () => {
	it('a payment: the Person Account found by PersonEmail (created with the record type), and an Opportunity on its PersonContactId', () => {
		const [account, opportunity, ...rest] = records(payment);
		expect(rest).toEqual([]);
		expect(account).toMatchObject({
			role: 'account',
			object: 'Account',
			externalIdField: 'PersonEmail',
			lookupField: 'PersonEmail',
			externalIdValue: 'kaeufer@example.de',
			fields: { FirstName: 'Test', LastName: 'Kauf', PersonEmail: 'kaeufer@example.de', PersonMailingCountry: 'Switzerland' },
			createOnly: { RecordTypeId: RECORD_TYPE },
			links: [],
		});
		expect(opportunity).toMatchObject({ role: 'opportunity', externalIdValue: 'Digistore24 3999938', fields: { StageName: 'Closed Won' } });
		expect(opportunity.links).toEqual([toPersonContact('ContactId'), { field: 'AccountId', role: 'account' }]);
	});

	it('a person with a company writes no company Account and no Contact, whatever Create Accounts says', () => {
		const withCompany: CanonicalEvent = { ...donation, contact: { ...donation.contact!, company: 'Verein Beispiel' } };
		const mapped = records(withCompany, { options: { createAccounts: true } });
		expect(mapped.map((record) => `${record.role} ${record.object} ${record.externalIdField}`)).toEqual(['account Account PersonEmail', 'opportunity Opportunity Name']);
	});

	it('an organisation donor (a company, no personal name) stays as the Contacts model writes it: a Contact, and its Account when asked', () => {
		const company: CanonicalEvent = { ...donation, contact: { ...donation.contact!, firstName: null, lastName: null, company: 'Verein Beispiel' } };
		const mapped = records(company, { options: { createAccounts: true } });
		expect(mapped.map((record) => `${record.role} ${record.externalIdField}`)).toEqual(['account Name', 'contact Email', 'opportunity Name']);
		expect(mapped[0].createOnly).toEqual({});
		expect(mapped[2].links).toEqual([{ field: 'ContactId', role: 'contact' }]);
	});

	it('NPSP: the Recurring Donation and its payments point to the PersonContactId (NPSP fills the Account from the Contact)', () => {
		const paid: CanonicalEvent = { ...donation, subscription };
		const mapped = records(paid, { contactLinkField: 'npsp__Primary_Contact__c', options: { recurringDonations: true } });
		expect(mapped.map((record) => record.role)).toEqual(['account', 'recurringDonation', 'opportunity']);
		expect(mapped[1].links).toEqual([toPersonContact('npe03__Contact__c')]);
		expect(mapped[2].links).toEqual([toPersonContact('npsp__Primary_Contact__c'), { field: 'npe03__Recurring_Donation__c', role: 'recurringDonation' }, { field: 'AccountId', role: 'account' }]);
		const started = records({ ...paid, event: 'subscription.created', payment: null }, { options: { recurringDonations: true } });
		expect(started.map((record) => record.role)).toEqual(['account', 'recurringDonation']);
	});

	it('a campaign membership names the PersonContactId, keyed by the campaign and the e-mail address', () => {
		const mapped = records(payment, { options: { campaignId: { __rl: true, mode: 'id', value: '701000000000001AAA' } } });
		expect(mapped[2]).toMatchObject({ role: 'campaignMember', object: 'CampaignMember', externalIdValue: '701000000000001AAA kaeufer@example.de', fields: { CampaignId: '701000000000001AAA' } });
		expect(mapped[2].links).toEqual([toPersonContact('ContactId')]);
	});

	it('a refund moves the stage only; Additional Contact Fields go to the person account (custom contact fields as __pc)', () => {
		const refund = normalizeDigistore24Ipn({ ...captured, event: 'on_refund', transaction_id: '4000100', parent_transaction_id: '3999938', transaction_type: 'refund', amount: '-49.00' }, { receivedAt: new Date('2026-08-20T10:00:00Z') });
		const mapped = records(refund, { additionalContactFields: { field: [{ name: 'Donor_Source__pc', value: '{source}' }] } });
		expect(mapped[0].fields).toMatchObject({ Donor_Source__pc: 'digistore24' });
		expect(mapped[1]).toMatchObject({ fields: { StageName: 'Closed Lost' }, ifNew: { CloseDate: '2026-08-18', Amount: 49 } });
	});

	it('refuses a person donor without an e-mail address or without a record type, saying why', () => {
		expect(() => records({ ...payment, contact: { ...payment.contact!, email: null } })).toThrow(MappingError);
		expect(() => records({ ...payment, contact: { ...payment.contact!, email: null } })).toThrow(/no e-mail address/);
		expect(() => records(payment, { options: { personAccountRecordTypeId: '' } })).toThrow(/person account record type/);
	});
});

describe('Donors As Person Accounts: the body sent', () => {
	it('a person account found by PersonEmail is updated by its Id without its record type; a new one gets it', () => {
		const [keyed] = mergeByKey([{ itemIndex: 0, records: records(payment) }], 'account');
		expect(collectionRecord(keyed, {}, 'describing', '001000000000001AAA')).toEqual({
			attributes: { type: 'Account' },
			Id: '001000000000001AAA',
			FirstName: 'Test',
			LastName: 'Kauf',
			PersonEmail: 'kaeufer@example.de',
			PersonMailingCountry: 'Switzerland',
		});
		expect(collectionRecord(keyed, {}, 'describing', null)).toMatchObject({ Id: null, RecordTypeId: RECORD_TYPE });
	});
});
