/** The Salesforce Mapper's UI fields; ./config.ts reads them into a MapperConfig. */
import type { INodeProperties } from 'n8n-workflow';
import { sortedByName as byName } from '../shared/resourceModule';
import { DEFAULT_CONTACT_FIELDS, DEFAULT_OPPORTUNITY_FIELDS, DEFAULT_STAGES, type PaymentOutcome } from './fromCanonicalEvent/contacts';


const apiName = (displayName: string, name: string, defaultName: string, description?: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: defaultName,
	description: description ?? `API name of the field; empty: not sent. Default: ${defaultName || 'none'}.`,
});

/**
 * A field typed by hand for Map Only (no credential, nothing to load) and picked from the org for
 * Upsert; a collection's entries are picked with the same method. An expression takes any name.
 */
function typedOrPicked(property: INodeProperties, loadOptionsMethod: string, loadOptionsDependsOn: string[]): INodeProperties[] {
	const picked = (field: INodeProperties): INodeProperties => ({
		...field,
		type: 'options',
		typeOptions: { loadOptionsMethod, loadOptionsDependsOn },
		description: `${(field.description ?? field.displayName).replace(/\.$/, '')}. Choose from the list, or specify a name using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
	});
	const forUpsert =
		property.type === 'collection' ? { ...property, options: (property.options as INodeProperties[]).map(picked) } : picked(property);
	return [
		{ ...property, displayOptions: { show: { ...property.displayOptions?.show, operation: ['map'] } } },
		{ ...forUpsert, displayOptions: { show: { ...property.displayOptions?.show, operation: ['write'] } } },
	];
}

/** A Campaign, searched in the org or given by ID. */
const campaignOption = (description: string): INodeProperties => ({
	displayName: 'Campaign',
	name: 'campaignId',
	type: 'resourceLocator',
	default: { mode: 'id', value: '' },
	description,
	modes: [
		{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchCampaigns', searchable: true } },
		{ displayName: 'ID', name: 'id', type: 'string', placeholder: 'e.g. 701000000000001AAA' },
	],
});

/** The data models; `contacts` is the default, so workflows saved before the choice existed keep it. */
export const DATA_MODELS = { contacts: 'contacts', nonprofitCloud: 'nonprofitCloud' } as const;
export type DataModelName = (typeof DATA_MODELS)[keyof typeof DATA_MODELS];

/** The properties shown only with one data model (their own conditions kept). */
function onlyFor(model: DataModelName, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => ({ ...property, displayOptions: { ...property.displayOptions, show: { ...property.displayOptions?.show, dataModel: [model] } } }));
}

/** A field of an NPC object that holds the source's id: an External ID (Unique) text field the org adds. */
function npcKeyField(displayName: string, name: string, object: string, loadOptionsMethod: string, example: string, holds: string): INodeProperties[] {
	return typedOrPicked(
		{
			displayName,
			name,
			type: 'string',
			default: '',
			required: true,
			placeholder: `e.g. ${example}`,
			description: `An External ID (Unique) text field of ${object} that holds ${holds} as DS24-…, FB-… or OF-…, so a redelivery updates instead of adding a second record. ${object} has none of its own: add one to the org.`,
		},
		loadOptionsMethod,
		[],
	);
}

/** The Nonprofit Cloud model's fields (docs/salesforce-npc.md). */
const nonprofitCloudProperties: INodeProperties[] = [
	...typedOrPicked(
		{
			displayName: 'Person Account Record Type',
			name: 'personRecordTypeId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 012000000000001AAA',
			description: 'The record type new donors get: an active person account record type of Account (Person Accounts must be enabled in the org)',
		},
		'getPersonAccountRecordTypes',
		[],
	),
	...npcKeyField('Gift Transaction Match Field', 'giftTransactionKeyField', 'GiftTransaction', 'getGiftTransactionKeyFields', 'Payment_Id__c', 'the payment’s transaction ID'),
	...npcKeyField('Gift Commitment Match Field', 'giftCommitmentKeyField', 'GiftCommitment', 'getGiftCommitmentKeyFields', 'Subscription_Id__c', 'the subscription’s ID'),
	...npcKeyField('Gift Refund Match Field', 'giftRefundKeyField', 'GiftRefund', 'getGiftRefundKeyFields', 'Refund_Id__c', 'the refund’s ID'),
	...typedOrPicked(
		{
			displayName: 'Fallback Payment Method',
			name: 'fallbackPaymentMethod',
			type: 'string',
			default: '',
			placeholder: 'e.g. Other',
			description:
				'A value of GiftTransaction.PaymentMethod for payments whose method matches none of the org’s values (e.g. Klarna); empty: such a payment fails, as the field is required',
		},
		'getGiftPaymentMethods',
		[],
	),
	{
		displayName: 'Options',
		name: 'npcOptions',
		type: 'collection',
		default: {},
		placeholder: 'Add Option',
		options: byName([
			{
				displayName: 'Business Account Record Type',
				name: 'businessRecordTypeId',
				type: 'string',
				default: '',
				description: 'Record type ID for organisation donors (a company without a personal name); empty: the integration user’s default',
			},
			campaignOption('The Campaign of every new Gift Transaction, Gift Commitment and schedule'),
			{
				displayName: 'Gift Designation Name or ID',
				name: 'giftDesignationId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getGiftDesignations' },
				default: '',
				description:
					'An active Gift Designation: each Gift Transaction without a designation gets one GiftTransactionDesignation of 100 % to it (never a second). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{ displayName: 'Multi-Currency Org', name: 'multiCurrency', type: 'boolean', default: false, description: 'Whether to send the payment’s currency in CurrencyIsoCode (only orgs with multiple currencies have it)' },
			{
				displayName: 'Include Test Events',
				name: 'includeTestEvents',
				type: 'boolean',
				default: false,
				description: 'Whether to write events the source marks as test payments. Off: they are skipped, and their item says so.',
			},
			{
				displayName: 'Save Despite Duplicate Alerts',
				name: 'allowDuplicates',
				type: 'boolean',
				default: false,
				description: 'Whether to send Sforce-Duplicate-Rule-Header: allowSave=true, so that donors a duplicate rule only alerts on are saved instead of failing with DUPLICATES_DETECTED',
			},
		]),
	},
];


/** Name → value pairs added to a record; values may be expressions, names and values may hold `{path}` placeholders of the event. */
function extraFields(name: string, displayName: string, object: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Field',
		description: `More ${object} fields, custom __c fields included. A name or value may contain {path} placeholders of the event, e.g. {vendor.affiliate_name} or Country_{vendor.product_id}__c.`,
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{ displayName: 'Field API Name', name: 'name', type: 'string', default: '', placeholder: 'e.g. Affiliate__c' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: 'e.g. {vendor.affiliate_name}' },
				],
			},
		],
	};
}

const STAGE_LABELS: Record<PaymentOutcome, string> = {
	'payment.succeeded': 'Payment Succeeded',
	'payment.refunded': 'Refunded',
	'payment.chargeback': 'Chargeback',
	'payment.failed': 'Payment Failed',
	'payment.missed': 'Payment Missed',
};

/** Collection option name of a stage (no dots in parameter names). */
export const stageOption = (outcome: PaymentOutcome) => outcome.replace('payment.', '');

export const mapperProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Map Only', value: 'map', action: 'Map events to salesforce records', description: 'One item per record (object, external ID field and value, fields), for n8n’s Salesforce node or an HTTP Request' },
			{ name: 'Upsert to Salesforce', value: 'write', action: 'Upsert events to salesforce', description: 'Write the records in batches of up to 200 per call; each item gets its own result' },
		],
		default: 'write',
	},
	{
		displayName: 'Data Model',
		name: 'dataModel',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Contacts and Opportunities', value: DATA_MODELS.contacts, description: 'Contacts (and Accounts), Opportunities, optionally NPSP Recurring Donations' },
			{
				name: 'Nonprofit Cloud',
				value: DATA_MODELS.nonprofitCloud,
				description: 'Person Accounts, Gift Transactions, Gift Commitments with their schedules, Gift Refunds (API version 59.0 or later, Fundraising licence)',
			},
		],
		default: 'contacts',
	},
	...onlyFor(DATA_MODELS.nonprofitCloud, nonprofitCloudProperties),
	// The Contacts and Opportunities model's fields (indented as before the choice, to keep history readable).
	...onlyFor(DATA_MODELS.contacts, [
	...typedOrPicked(
		{
			displayName: 'Match Contacts By',
			name: 'contactKeyField',
			type: 'string',
			default: 'Email',
			description: 'Email, or an External ID field of Contact (e.g. Donor_Id__c), which then holds the source’s contact ID as DS24-…, FB-… or OF-…',
		},
		'getContactKeyFields',
		['options.contactObject'],
	),
	...typedOrPicked(
		{
			displayName: 'Match Opportunities By',
			name: 'opportunityKeyField',
			type: 'string',
			default: 'Name',
			description:
				'Name (works on a standard org: the name is the source and its transaction ID, e.g. "Digistore24 3999938"), or an External ID field of Opportunity (e.g. Payment_Id__c), which then holds DS24-…, FB-… or OF-… of the transaction. With NPSP use an External ID field: NPSP Opportunity Naming renames new Opportunities, and Name then finds them no more (a duplicate follows).',
		},
		'getOpportunityKeyFields',
		['options.opportunityObject'],
	),
	...typedOrPicked(
		{
			displayName: 'Contact Link Field',
			name: 'contactLinkField',
			type: 'string',
			default: 'ContactId',
			description: 'Opportunity field that gets the Contact: ContactId (set when the Opportunity is created) or npsp__Primary_Contact__c for NPSP; empty: no link',
		},
		'getContactLinkFields',
		['options.contactObject', 'options.opportunityObject'],
	),
	...typedOrPicked(
		{
			displayName: 'Stages',
			name: 'stages',
			type: 'collection',
			default: {},
			placeholder: 'Change a Stage',
			description: 'The Opportunity stage (a value of your StageName picklist) for each kind of payment event',
			options: (Object.keys(STAGE_LABELS) as PaymentOutcome[]).map((outcome) => ({
				displayName: STAGE_LABELS[outcome],
				name: stageOption(outcome),
				type: 'string' as const,
				default: DEFAULT_STAGES[outcome],
			})),
		},
		'getStages',
		['options.opportunityObject', 'options.opportunityFieldNames.stage'],
	),
	extraFields('additionalContactFields', 'Additional Contact Fields', 'Contact'),
	extraFields('additionalOpportunityFields', 'Additional Opportunity Fields', 'Opportunity'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		default: {},
		placeholder: 'Add Option',
		options: byName([
			campaignOption('Make the Contact a member of this Campaign when it pays, subscribes or is created (once: an existing membership stays as it is)'),
			{ displayName: 'Campaign Member Status', name: 'campaignMemberStatus', type: 'string', default: 'Responded', description: 'A member status of the Campaign, e.g. Sent or Responded' },
			{ displayName: 'Contact Object', name: 'contactObject', type: 'string', default: 'Contact', description: 'API name of the object for people' },
			{ displayName: 'Opportunity Object', name: 'opportunityObject', type: 'string', default: 'Opportunity', description: 'API name of the object for payments' },
			{
				displayName: 'Country As',
				name: 'countryFormat',
				type: 'options',
				options: [
					{ name: 'Name (MailingCountry)', value: 'name', description: 'English country name; with state and country picklists, names Salesforce refuses are replaced by the org’s own (e.g. "Korea, Republic of"), read from its describe' },
					{
						name: 'ISO Code (MailingCountryCode)',
						value: 'code',
						description: 'For orgs with state and country picklists: country and state as the org’s own codes (read from its describe); Salesforce fills in the names',
					},
				],
				default: 'name',
			},
			{ displayName: 'Multi-Currency Org', name: 'multiCurrency', type: 'boolean', default: false, description: 'Whether to send the payment’s currency in CurrencyIsoCode (only orgs with multiple currencies have it)' },
			{
				displayName: 'Create Accounts for Companies',
				name: 'createAccounts',
				type: 'boolean',
				default: false,
				description: 'Whether a contact with a company gets an Account (found by its Name, or matched by the Account Match Field) and is linked to it through AccountId',
			},
			{
				displayName: 'Donors As Person Accounts',
				name: 'personAccounts',
				type: 'boolean',
				default: false,
				description:
					'Whether, on an org with Person Accounts, a donor with a personal name becomes a Person Account (found by PersonEmail) instead of a Contact: no Contact or company Account is written for it, and Opportunities (ContactId, AccountId), Recurring Donations and Campaign members link to its PersonContactId. Donors that are only a company stay Contacts.',
			},
			{
				displayName: 'Person Account Record Type Name or ID',
				name: 'personAccountRecordTypeId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getPersonAccountRecordTypes' },
				default: '',
				description:
					'The person account record type new donors get (with Donors As Person Accounts). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Include Test Events',
				name: 'includeTestEvents',
				type: 'boolean',
				default: false,
				description: 'Whether to write events the source marks as test payments (e.g. Digistore24 test purchases, FundraisingBox test donations). Off: they are skipped, and their item says so.',
			},
			{
				displayName: 'Save Despite Duplicate Alerts',
				name: 'allowDuplicates',
				type: 'boolean',
				default: false,
				description:
					'Whether to send Sforce-Duplicate-Rule-Header: allowSave=true, so that records a duplicate rule of the org only alerts on (e.g. the Standard Contact Duplicate Rule) are saved instead of failing with DUPLICATES_DETECTED. Rules that block stay in force.',
			},
			{ displayName: 'Account Object', name: 'accountObject', type: 'string', default: 'Account', description: 'API name of the object for companies' },
			{
				displayName: 'Recurring Donation Object',
				name: 'recurringDonationObject',
				type: 'string',
				default: 'npe03__Recurring_Donation__c',
				description: 'API name of the object for subscriptions (with NPSP Recurring Donations on)',
			},
			{
				displayName: 'Account Match Field',
				name: 'accountKeyField',
				type: 'string',
				default: 'Name',
				description: 'Name (Accounts are looked up by name, then created or updated by their record ID: Name is no upsert key on Salesforce), or an External ID field of Account holding the company name',
			},
			{
				displayName: 'NPSP Recurring Donations',
				name: 'recurringDonations',
				type: 'boolean',
				default: false,
				description: 'Whether subscriptions become NPSP Recurring Donations (npe03__Recurring_Donation__c) and their payments point to them',
			},
			{
				displayName: 'Recurring Donation Match Field',
				name: 'recurringDonationKeyField',
				type: 'string',
				default: 'npsp__CommitmentId__c',
				description: 'External ID field of the Recurring Donation holding DS24-…, FB-… or OF-… of the subscription',
			},
			{
				displayName: 'Contact Field Names',
				name: 'contactFieldNames',
				type: 'collection',
				default: {},
				placeholder: 'Change a Field Name',
				options: byName([
					apiName('First Name', 'firstName', DEFAULT_CONTACT_FIELDS.firstName),
					apiName('Last Name', 'lastName', DEFAULT_CONTACT_FIELDS.lastName),
					apiName('Email', 'email', DEFAULT_CONTACT_FIELDS.email),
					apiName('Phone', 'phone', DEFAULT_CONTACT_FIELDS.phone),
					apiName('Mobile', 'mobile', DEFAULT_CONTACT_FIELDS.mobile),
					apiName('Street', 'street', DEFAULT_CONTACT_FIELDS.street),
					apiName('Postal Code', 'postalCode', DEFAULT_CONTACT_FIELDS.postalCode),
					apiName('City', 'city', DEFAULT_CONTACT_FIELDS.city),
					apiName('State', 'state', DEFAULT_CONTACT_FIELDS.state),
					apiName('Country', 'country', '', 'API name of the country field; default: MailingCountry or MailingCountryCode, as "Country As" says'),
					apiName('Source Contact ID', 'sourceId', '', 'Field for the source’s contact ID (DS24-…, FB-…, OF-…), e.g. Donor_Id__c; default: none'),
				]),
			},
			{
				displayName: 'Opportunity Field Names',
				name: 'opportunityFieldNames',
				type: 'collection',
				default: {},
				placeholder: 'Change a Field Name',
				options: byName([
					apiName('Name', 'name', DEFAULT_OPPORTUNITY_FIELDS.name),
					apiName('Stage', 'stage', DEFAULT_OPPORTUNITY_FIELDS.stage),
					apiName('Close Date', 'closeDate', DEFAULT_OPPORTUNITY_FIELDS.closeDate),
					apiName('Amount', 'amount', DEFAULT_OPPORTUNITY_FIELDS.amount),
					apiName('Currency', 'currency', DEFAULT_OPPORTUNITY_FIELDS.currency),
					apiName('Product or Purpose', 'product', DEFAULT_OPPORTUNITY_FIELDS.product),
					apiName('Source Transaction ID', 'sourceId', '', 'Field for the transaction (DS24-…, FB-…, OF-…), e.g. Payment_Id__c; default: none'),
				]),
			},
		]),
	},
]),
];
