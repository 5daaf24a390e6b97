/**
 * An on_affiliation IPN names a new affiliate, not a buyer or donor: neither sink may make a
 * person from it. Salesforce skips the event; SmartBusiness refuses it with a reason.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { normalizeDigistore24Ipn } from '../../../nodes/Digistore24/toCanonicalEvent';
import { mapperConfig } from '../../../nodes/SalesforceMapper/config';
import { mapEvent } from '../../../nodes/SalesforceMapper/fromCanonicalEvent/contacts';
import { contactFromEvent, contactKeyOf, payableAmount } from '../../../nodes/SmartBusiness/fromCanonicalEvent';

const affiliation = normalizeDigistore24Ipn(
	JSON.parse(readFileSync(join(__dirname, '../../fixtures/digistore24/on-affiliation.json'), 'utf8')) as Record<string, string>,
);

describe('an affiliate.created event in the sinks', () => {
	it('carries the affiliate apart from contact', () => {
		expect(affiliation.contact).toBeNull();
		expect(affiliation.affiliate?.email).toBe('partner@example.org');
	});

	it('Salesforce Mapper skips it and writes no Contact', () => {
		expect(mapEvent(affiliation, mapperConfig({}))).toEqual({ skipped: '"affiliate.created" events are not written to Salesforce' });
	});

	it('SmartBusiness finds no contact to match or create, and makes no invoice', () => {
		expect(contactKeyOf(affiliation, 'email')).toBeUndefined();
		expect(contactKeyOf(affiliation, 'number')).toBeUndefined();
		expect(() => contactFromEvent(affiliation, { relation: ['CL'], defaultCountry: 'CH', withCustomerNumber: false })).toThrow(
			/has no contact/,
		);
		expect(() => payableAmount(affiliation)).toThrow(/not a payment/);
	});
});
