/**
 * Fields shared by the Payment-API and Session-API operations, and reading them back as form
 * values. Field lists and predefined values: developer.fundraisingbox.com ("Predefined values",
 * "Session-API: requirements and conventions"); which fields a form accepts is set per form.
 */
import type { IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { parseIp } from '../../../shared/cidr';
import { INTERVAL_OPTIONS, textField } from '../fields';
import type { PaymentValues } from '../../paymentApi/protocol';
import { paymentValuesFromParameters, type PaymentParameters } from './formValues';

const byName = (options: INodePropertyOptions[]) => [...options].sort((a, b) => a.name.localeCompare(b.name));

const amountField: INodeProperties = {
	displayName: 'Amount',
	name: 'amount',
	type: 'number',
	typeOptions: { minValue: 0, numberPrecision: 2 },
	default: 0,
	description: 'Donation amount in the currency of the form (EUR), e.g. 12.50',
};

const INTERVAL_DESCRIPTION =
	'How often the donation is collected (0 once, 1/3/6/12 months). The form must have the interval field: FundraisingBox refuses an interval, even one-off, on a form without it ("extra form field").';

/** Interval of Create Payment: not sent unless the user sets it, so forms without the field work. */
const paymentIntervalField: INodeProperties = {
	displayName: 'Interval',
	name: 'interval',
	type: 'options',
	options: byName([{ name: 'Not Sent (Form Default)', value: '' }, { name: 'One-Off', value: 0 }, ...INTERVAL_OPTIONS]),
	default: '',
	description: INTERVAL_DESCRIPTION,
};

/** Interval in the session's Donation collection: added means sent. */
const sessionIntervalField: INodeProperties = {
	displayName: 'Interval',
	name: 'interval',
	type: 'options',
	options: byName([{ name: 'One-Off', value: 0 }, ...INTERVAL_OPTIONS]),
	default: 0,
	description: INTERVAL_DESCRIPTION,
};

const paymentMethodField: INodeProperties = {
	displayName: 'Payment Method',
	name: 'paymentMethod',
	type: 'options',
	options: [
		{ name: 'EPS', value: 'eps', description: 'Redirect payment: the donor finishes it at the returned redirect URL' },
		{ name: 'PayPal', value: 'paypal', description: 'Redirect payment: the donor finishes it at the returned redirect URL' },
		{ name: 'SEPA Direct Debit', value: 'sepa_direct_debit', description: 'Needs the bank account (owner and IBAN)' },
		{ name: 'Stripe Credit Card', value: 'stripe_credit_card' },
	],
	default: 'sepa_direct_debit',
	description:
		'Payment method key of the form. Other keys your form offers can be set with an expression.',
};

/** Amount and payment method (required) and the interval (optional) of a one-step payment. */
export const donationFields: INodeProperties[] = [
	{ ...amountField, required: true },
	paymentIntervalField,
	{ ...paymentMethodField, required: true },
];

export const donorIpField: INodeProperties = {
	displayName: 'Donor IP Address',
	name: 'donorIp',
	type: 'string',
	required: true,
	default: '',
	placeholder: '203.0.113.7',
	description:
		"The donor's IP address, not the n8n server's: FundraisingBox uses it to block spam and blocks servers that send their own. E.g. the client address your form or shop received.",
};

export const sessionHashField = (description: string): INodeProperties => ({
	displayName: 'Session Hash',
	name: 'sessionHash',
	type: 'string',
	required: true,
	default: '',
	description,
});

/**
 * The Payment-API's own salutation list: all predefined values ("salutation / employee_salutation",
 * developer.fundraisingbox.com/reference/predefined-values); a form offers those configured for it.
 */
const salutationOptions = byName([
	{ name: 'Couple', value: 'couple' },
	{ name: 'Diverse', value: 'diverse' },
	{ name: 'Family', value: 'family' },
	{ name: 'Miss', value: 'Miss' },
	{ name: 'Mr.', value: 'Mr.' },
	{ name: 'Mrs.', value: 'Mrs.' },
	{ name: 'Ms', value: 'Ms' },
	{ name: 'None', value: '' },
]);


/** A list of (key, value) pairs, e.g. custom field ID and value. */
const namedValuesField = (
	field: { displayName: string; name: string; placeholder: string; description: string; key: INodeProperties },
): INodeProperties => ({
	displayName: field.displayName,
	name: field.name,
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: field.placeholder,
	default: {},
	description: field.description,
	options: [{ displayName: 'Field', name: 'field', values: [field.key, { displayName: 'Value', name: 'value', type: 'string', default: '' }] }],
});

/** The optional value collections; every field added is sent, an empty one as "". */
export const valueCollections: INodeProperties[] = [
	{
		displayName: 'Donor',
		name: 'donor',
		type: 'collection',
		placeholder: 'Add Donor Field',
		default: {},
		options: [
			textField('Company Name', 'companyName', 'Company of the donor'),
			textField('Email', 'email', 'Email address of the donor', 'name@email.com'),
			textField('First Name', 'firstName', 'First name of the donor'),
			textField('Last Name', 'lastName', 'Last name of the donor (most forms require it)'),
			textField('Phone', 'phone', 'Phone number of the donor'),
			{ displayName: 'Salutation', name: 'salutation', type: 'options', options: salutationOptions, default: '' },
			textField('Title', 'title', 'Academic title, e.g. Dr.'),
		],
	},
	{
		displayName: 'Address',
		name: 'address',
		type: 'collection',
		placeholder: 'Add Address Field',
		default: {},
		options: [
			textField('City', 'city', 'City'),
			textField('Country', 'country', 'Two-letter ISO country code', 'DE'),
			textField('Postal Code', 'postCode', 'Postal code'),
			textField('Street', 'street', 'Street and house number'),
		],
	},
	{
		displayName: 'Bank Account (SEPA)',
		name: 'bankAccount',
		type: 'collection',
		placeholder: 'Add Bank Account Field',
		default: {},
		options: [
			textField('Account Owner', 'bankAccountOwner', 'Name of the account owner'),
			textField('BIC', 'bankBic', 'BIC of the bank (optional for German IBANs)'),
			textField('IBAN', 'bankIban', 'IBAN of the account to debit', 'DE02120300000000202051'),
		],
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			textField('Failure Redirect URL', 'failureRedirectUrl', 'Where the donor lands after a failed redirect payment (PayPal, EPS). Default: the page the form is embedded in, with a status parameter.'),
			textField('Item ID', 'itemId', 'ID of the item (fb_item_id) the donation is for; items may have a minimum amount'),
			textField('Project ID', 'projectId', 'ID of the FundraisingBox project (fb_project_id) the donation is for'),
			textField('Success Redirect URL', 'successRedirectUrl', 'Where the donor lands after a successful redirect payment (PayPal, EPS)'),
			{ displayName: 'Wants Newsletter', name: 'wantsNewsletter', type: 'boolean', default: false, description: 'Whether the donor wants the newsletter (needs the email address)' },
			{ displayName: 'Wants Receipt', name: 'wantsReceipt', type: 'boolean', default: false, description: 'Whether the donor wants a donation receipt (needs the address)' },
		],
	},
	namedValuesField({
		displayName: 'Donation Custom Fields',
		name: 'customFields',
		placeholder: 'Add Custom Field',
		description: 'Custom fields of the donation, sent as donation_custom_field_&lt;ID&gt;. Values are text: dates YYYY-MM-DD, checkboxes "1" or "".',
		key: { displayName: 'Custom Field ID', name: 'id', type: 'string', default: '', description: 'Numeric ID of the custom field in FundraisingBox' },
	}),
	namedValuesField({
		displayName: 'Other Form Fields',
		name: 'otherFields',
		placeholder: 'Add Form Field',
		description: 'Any other field of your form by its FundraisingBox name, sent as payment[&lt;name&gt;]. Fields the form does not have are refused by FundraisingBox ("extra form field").',
		key: { displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'public_message' },
	}),
];

/** The session operations take amount, interval and payment method as optional values too. */
export const sessionDonationCollection: INodeProperties = {
	displayName: 'Donation',
	name: 'donation',
	type: 'collection',
	placeholder: 'Add Donation Field',
	default: {},
	options: [amountField, sessionIntervalField, paymentMethodField],
};

const FLAT_COLLECTIONS = ['donor', 'address', 'bankAccount', 'additionalFields'];

/** Reads the value fields of one item; `topLevel` names fields outside the collections (e.g. amount). */
export function readPaymentValues(
	this: IExecuteFunctions,
	itemIndex: number,
	{ topLevel = [], collections = [] }: { topLevel?: string[]; collections?: string[] },
): PaymentValues {
	const fields: Record<string, unknown> = {};
	for (const name of topLevel) fields[name] = this.getNodeParameter(name, itemIndex);
	for (const name of [...collections, ...FLAT_COLLECTIONS]) Object.assign(fields, this.getNodeParameter(name, itemIndex, {}));
	const parameters: PaymentParameters = {
		fields,
		customFields: this.getNodeParameter('customFields', itemIndex, {}) as PaymentParameters['customFields'],
		otherFields: this.getNodeParameter('otherFields', itemIndex, {}) as PaymentParameters['otherFields'],
	};
	const result = paymentValuesFromParameters(parameters);
	if (!result.ok) throw new NodeOperationError(this.getNode(), result.problem, { itemIndex });
	return result.values;
}

export function readDonorIp(this: IExecuteFunctions, itemIndex: number): string {
	const ip = String(this.getNodeParameter('donorIp', itemIndex)).trim();
	if (parseIp(ip) === undefined) {
		throw new NodeOperationError(this.getNode(), `Donor IP Address "${ip}" is not an IPv4 or IPv6 address`, {
			itemIndex,
			description: "FundraisingBox requires the donor's IP address with every payment.",
		});
	}
	return ip;
}
