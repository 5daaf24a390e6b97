/** Country and state as the org's own state and country picklist codes, read from its describe. */
import { addressPicklistsOf, applyAddressNames, applyAddressPicklists } from '../../../nodes/SalesforceMapper/fromCanonicalEvent/addressPicklists';
import type { DescribedField } from '../../../nodes/SalesforceMapper/methods/loadOptions';
import { mapperConfig } from '../../../nodes/SalesforceMapper/config';
import { mapEvent } from '../../../nodes/SalesforceMapper/fromCanonicalEvent/contacts';
import { normalizeDigistore24Ipn } from '../../../nodes/Digistore24/toCanonicalEvent';
import { CAPTURED_ON_PAYMENT } from '../../e2e/helpers/digistore24';

const CONTACT: DescribedField[] = [
	{ name: 'MailingState', label: 'Mailing State/Province', type: 'string' },
	{ name: 'MailingCountry', label: 'Mailing Country', type: 'string' },
	{
		name: 'MailingStateCode',
		label: 'Mailing State/Province Code',
		type: 'picklist',
		picklistValues: [
			{ value: 'NY', label: 'New York', active: true },
			{ value: 'CA', label: 'California', active: true },
		],
	},
	{
		name: 'MailingCountryCode',
		label: 'Mailing Country Code',
		type: 'picklist',
		picklistValues: [
			{ value: 'KR', label: 'Korea, Republic of', active: true },
			{ value: 'US', label: 'United States', active: true },
			{ value: 'VN', label: 'Viet Nam', active: false },
		],
	},
];

describe('state and country picklists', () => {
	const picklists = addressPicklistsOf(CONTACT, 'Mailing')!;

	it('reads the org’s active codes and names; none when picklists are off', () => {
		expect(picklists.countries).toEqual([{ value: 'KR', label: 'Korea, Republic of' }, { value: 'US', label: 'United States' }]);
		expect(addressPicklistsOf(CONTACT.slice(0, 2), 'Mailing')).toBeUndefined();
	});

	it('sends codes the org has, a state name turned into its code, and leaves out what the org lacks', () => {
		const us = { MailingCountryCode: 'us', MailingState: 'new york', MailingCity: 'Albany' };
		expect(applyAddressPicklists(us, 'Mailing', picklists)).toEqual([]);
		expect(us).toEqual({ MailingCountryCode: 'US', MailingStateCode: 'NY', MailingCity: 'Albany' });
		const korea = { MailingCountryCode: 'KR', MailingStateCode: 'Seoul' };
		expect(applyAddressPicklists(korea, 'Mailing', picklists)).toEqual(['state "Seoul"']);
		expect(korea).toEqual({ MailingCountryCode: 'KR' });
		const vietnam = { MailingCountryCode: 'VN', MailingStateCode: 'NY' };
		expect(applyAddressPicklists(vietnam, 'Mailing', picklists)).toEqual(['country "VN"', 'state "NY"']);
		expect(vietnam).toEqual({});
	});

	it('maps country and state to the code fields in ISO mode (names only without picklists)', () => {
		const event = normalizeDigistore24Ipn({ ...CAPTURED_ON_PAYMENT, api_mode: 'live', pay_method: 'creditcard', address_country: 'US', address_state: 'NY' }, { receivedAt: new Date() });
		const mapped = (config: ReturnType<typeof mapperConfig>) => {
			const mapping = mapEvent(event, config);
			if ('skipped' in mapping) throw new Error(mapping.skipped);
			return mapping.records[0];
		};
		expect(mapped(mapperConfig({ options: { countryFormat: 'code' } }))).toMatchObject({ fields: { MailingCountryCode: 'US', MailingStateCode: 'NY' }, addressPrefix: 'Mailing' });
		const byName = mapped(mapperConfig({}));
		expect(byName).toMatchObject({ fields: { MailingCountry: 'United States', MailingState: 'NY' }, addressPrefix: 'Mailing', addressAs: 'name', countryCode: 'US' });
	});

	it('in name mode, gives the org’s own names: its label for the event’s ISO code, not Intl’s, and a state’s label', () => {
		const korea = { MailingCountry: 'South Korea', MailingCity: 'Seoul' };
		expect(applyAddressNames(korea, 'Mailing', picklists, 'KR')).toEqual([]);
		expect(korea).toEqual({ MailingCountry: 'Korea, Republic of', MailingCity: 'Seoul' });
		const us = { MailingCountry: 'United States', MailingState: 'NY' };
		expect(applyAddressNames(us, 'Mailing', picklists, 'US')).toEqual([]);
		expect(us).toEqual({ MailingCountry: 'United States', MailingState: 'New York' });
		// Without the event's code, the name sent is looked up; what the org lacks is left out.
		const byLabel = { MailingCountry: 'korea, republic of', MailingState: 'Seoul' };
		expect(applyAddressNames(byLabel, 'Mailing', picklists)).toEqual(['state "Seoul"']);
		expect(byLabel).toEqual({ MailingCountry: 'Korea, Republic of' });
		const vietnam = { MailingCountry: 'Vietnam', MailingState: 'Hanoi' };
		expect(applyAddressNames(vietnam, 'Mailing', picklists, 'VN')).toEqual(['country "VN"', 'state "Hanoi"']);
		expect(vietnam).toEqual({});
	});
});
