/** The Salesforce Mapper's dropdowns, from describe answers as Salesforce gives them. */
import { mapperConfig, npcConfig } from '../../../nodes/SalesforceMapper/config';
import { externalIdFieldOptions, keyFieldOptions, linkFieldOptions, NPSP_NAME_NOTE, ACTIVE_GIFT_DESIGNATIONS_SOQL, PERSON_ACCOUNT_RECORD_TYPES_SOQL, picklistOptions, soqlLikeText, type DescribedField } from '../../../nodes/SalesforceMapper/methods/loadOptions';

const OPPORTUNITY: DescribedField[] = [
	{ name: 'Id', label: 'Record ID', type: 'id', idLookup: true },
	{ name: 'Name', label: 'Name', type: 'string', idLookup: true },
	{ name: 'Payment_Id__c', label: 'Payment ID', type: 'string', externalId: true, idLookup: true },
	{ name: 'Amount', label: 'Amount', type: 'currency' },
	{ name: 'AccountId', label: 'Account ID', type: 'reference', referenceTo: ['Account'] },
	{ name: 'ContactId', label: 'Contact ID', type: 'reference', referenceTo: ['Contact'], createable: true },
	{ name: 'npsp__Primary_Contact__c', label: 'Primary Contact', type: 'reference', referenceTo: ['Contact'] },
	{ name: 'LastModifiedById', label: 'Last Modified By', type: 'reference', referenceTo: ['User'], createable: false },
	{
		name: 'StageName',
		label: 'Stage',
		type: 'picklist',
		picklistValues: [
			{ value: 'Pledged', label: 'Pledged', active: true },
			{ value: 'Old Stage', label: 'Old Stage', active: false },
			{ value: 'Closed Won', label: 'Closed Won', active: true },
		],
	},
];

describe('Salesforce Mapper dropdowns', () => {
	it('offers External ID fields first, then idLookup fields, never the record Id; Opportunity Name warns NPSP users', () => {
		expect(keyFieldOptions(OPPORTUNITY)).toEqual([
			{ name: 'Payment ID (Payment_Id__c)', value: 'Payment_Id__c', description: expect.stringContaining('External ID') },
			{ name: 'Name (Name)', value: 'Name', description: 'Standard lookup field' },
		]);
		expect(keyFieldOptions(OPPORTUNITY, NPSP_NAME_NOTE)[1].description).toContain('NPSP renames every new Opportunity');
	});

	it('offers the createable references to the contact object, and no link', () => {
		expect(linkFieldOptions(OPPORTUNITY, 'Contact').map((option) => option.value)).toEqual(['ContactId', 'npsp__Primary_Contact__c', '']);
		expect(linkFieldOptions(OPPORTUNITY, 'Donor__c').map((option) => option.value)).toEqual(['']);
	});

	it('offers the active stages in the org’s order, the field found whatever its case', () => {
		expect(picklistOptions(OPPORTUNITY, 'stagename')).toEqual([
			{ name: 'Pledged', value: 'Pledged' },
			{ name: 'Closed Won', value: 'Closed Won' },
		]);
		expect(picklistOptions(OPPORTUNITY, 'Missing__c')).toEqual([]);
	});

	it('takes search text literally in SOQL LIKE', () => {
		expect(soqlLikeText("Donors' 100% Club_\\")).toBe("Donors\\' 100\\% Club\\_\\\\");
	});

	it('reads the Campaign from the resource locator, or from a plain ID', () => {
		expect(mapperConfig({ options: { campaignId: { __rl: true, mode: 'list', value: '701000000000001AAA' } } }).campaign.campaignId).toBe('701000000000001AAA');
		expect(mapperConfig({ options: { campaignId: ' 701000000000002AAA ' } }).campaign.campaignId).toBe('701000000000002AAA');
		expect(mapperConfig({}).campaign.campaignId).toBe('');
	});
});

describe('Nonprofit Cloud settings and dropdowns', () => {
	it('offers only External ID fields as NPC match fields (the Fundraising objects have no standard one)', () => {
		expect(externalIdFieldOptions(OPPORTUNITY)).toEqual([{ name: 'Payment ID (Payment_Id__c)', value: 'Payment_Id__c', description: expect.stringContaining('External ID') }]);
	});

	it('lists person account record types with the query the person-accounts option uses too', () => {
		expect(PERSON_ACCOUNT_RECORD_TYPES_SOQL).toBe("SELECT Id, Name FROM RecordType WHERE SobjectType = 'Account' AND IsPersonType = true AND IsActive = true");
	});

	it('lists the active Gift Designations by name', () => {
		expect(ACTIVE_GIFT_DESIGNATIONS_SOQL).toBe('SELECT Id, Name FROM GiftDesignation WHERE IsActive = true ORDER BY Name');
	});

	it('reads the NPC settings, trimmed, with the org\'s payment methods; a campaign from the list or by ID', () => {
		expect(npcConfig({}, ['Cash'])).toEqual({
			includeTestEvents: false, personRecordTypeId: '', businessRecordTypeId: '', giftTransactionKeyField: '', giftRefundKeyField: '', giftCommitmentKeyField: '',
			paymentMethods: ['Cash'], fallbackPaymentMethod: '', campaignId: '', giftDesignationId: '', sendCurrency: false,
		});
		const config = npcConfig(
			{
				personRecordTypeId: ' 012A ', giftTransactionKeyField: 'Payment_Id__c', giftRefundKeyField: 'Refund_Id__c', giftCommitmentKeyField: 'Subscription_Id__c', fallbackPaymentMethod: 'Other',
				npcOptions: { businessRecordTypeId: '012B', campaignId: { __rl: true, mode: 'list', value: '701X' }, multiCurrency: true, includeTestEvents: true, giftDesignationId: ' 0gdX ' },
			},
			[],
		);
		expect(config).toMatchObject({ personRecordTypeId: '012A', businessRecordTypeId: '012B', campaignId: '701X', sendCurrency: true, includeTestEvents: true, fallbackPaymentMethod: 'Other', giftCommitmentKeyField: 'Subscription_Id__c', giftDesignationId: '0gdX' });
	});
});
