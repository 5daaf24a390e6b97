/** UI fields the FundraisingBox action node's resources share. */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

export const DYNAMIC_OPTION_DESCRIPTION =
	'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>';

/** persons-create: the salutations a person is written with (only if is_company=false). */
export const PERSON_SALUTATION_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Couple', value: 'couple' },
	{ name: 'Diverse', value: 'diverse' },
	{ name: 'Family', value: 'family' },
	{ name: 'Mr.', value: 'Mr.' },
	{ name: 'Mrs.', value: 'Mrs.' },
];

/** persons-list: the salutation filter also finds persons with the older values Miss and Ms. */
export const PERSON_SALUTATION_FILTER_OPTIONS: INodePropertyOptions[] = [
	...PERSON_SALUTATION_OPTIONS.slice(0, 3),
	{ name: 'Miss', value: 'Miss' },
	...PERSON_SALUTATION_OPTIONS.slice(3),
	{ name: 'Ms.', value: 'Ms.' },
];

export const RECEIPT_STATUS_OPTIONS: INodePropertyOptions[] = [
	{ name: 'No Receipt', value: 'no_receipt' },
	{ name: 'Receipt at End of Year', value: 'receipt_end_of_year' },
	{ name: 'Receipt Never', value: 'receipt_never' },
	{ name: 'Receipt Now', value: 'receipt_now' },
	{ name: 'Receipt Sent', value: 'receipt_sent' },
];

export const INTERVAL_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Monthly', value: 1 },
	{ name: 'Quarterly', value: 3 },
	{ name: 'Half-Yearly', value: 6 },
	{ name: 'Yearly', value: 12 },
];

export const RECURRING_TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Donation', value: 'recurring_donation' },
	{ name: 'Fine', value: 'recurring_fine' },
	{ name: 'Membership', value: 'recurring_membership' },
	{ name: 'Sponsorship', value: 'recurring_sponsorship' },
];

export const CONTACT_TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Home', value: 'home' },
	{ name: 'Other', value: 'other' },
	{ name: 'Work', value: 'work' },
];

export const IS_TEST_OPTIONS: INodePropertyOptions[] = [
	{ name: 'All', value: 'all' },
	{ name: 'Live Only', value: 'no' },
	{ name: 'Test Only', value: 'yes' },
];

/** A text field (a filter or an optional field), with an example placeholder when given. */
export function textField(displayName: string, name: string, description: string, placeholder?: string): INodeProperties {
	return { displayName, name, type: 'string', default: '', description, ...(placeholder ? { placeholder } : {}) };
}

/** An id field (FundraisingBox ids are integers; strings here so expressions fit). */
export function idField(name: string, displayName: string, description: string, required = false): INodeProperties {
	return { displayName, name, type: 'string', default: '', required, description, placeholder: 'e.g. 1706519' };
}

/** A dropdown loaded from FundraisingBox (projects, sources, payment types). */
function dynamicOptionsField(name: string, displayName: string, loadOptionsMethod: string, required = false): INodeProperties {
	return {
		displayName,
		name,
		type: 'options',
		default: '',
		required,
		typeOptions: { loadOptionsMethod },
		description: DYNAMIC_OPTION_DESCRIPTION,
	};
}

export const projectField = (required = false) => dynamicOptionsField('fb_project_id', 'Project Name or ID', 'getProjects', required);
export const sourceField = (required = false) => dynamicOptionsField('fb_source_id', 'Source Name or ID', 'getSources', required);
export const paymentTypeField = (required = false) =>
	dynamicOptionsField('fb_type_id', 'Payment Type Name or ID', 'getPaymentTypes', required);

export const customFieldsField: INodeProperties = {
	displayName: 'Custom Fields',
	name: 'customFields',
	type: 'fixedCollection',
	default: {},
	placeholder: 'Add Custom Field',
	typeOptions: { multipleValues: true },
	description: 'Values of custom fields, by the custom field ID. An empty value clears the field.',
	options: [
		{
			displayName: 'Field',
			name: 'field',
			values: [
				idField('id', 'Custom Field ID', 'The ID of the custom field in FundraisingBox'),
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					description: 'FundraisingBox takes every custom field value as text: dates as YYYY-MM-DD, checkboxes as 1 or empty',
				},
			],
		},
	],
};

/**
 * A filter FundraisingBox types `date`: sent as the day (`YYYY-MM-DD`, inclusive). With
 * `timeOfDay`, a time other than midnight is applied by the node to the results (getManyOperation's
 * finerBounds); otherwise the field compared holds dates only and a time is ignored.
 */
export function dateFilter(name: string, displayName: string, description: string, timeOfDay = true): INodeProperties {
	const time = timeOfDay
		? 'FundraisingBox filters by whole days (inclusive); a time of day is applied by this node to the results'
		: 'Inclusive; FundraisingBox compares whole days, a time of day is ignored';
	return { displayName, name, type: 'dateTime', default: '', description: `${description}. ${time}.` };
}

export function amountFilters(noun: string): INodeProperties[] {
	return [
		{
			displayName: 'Amount Max',
			name: 'amount_max',
			type: 'number',
			default: 0,
			typeOptions: { numberPrecision: 2 },
			description: `Only ${noun} up to this amount (EUR)`,
		},
		{
			displayName: 'Amount Min',
			name: 'amount_min',
			type: 'number',
			default: 0,
			typeOptions: { numberPrecision: 2 },
			description: `Only ${noun} from this amount (EUR)`,
		},
	];
}

export function updatedFilters(noun: string): INodeProperties[] {
	return [
		dateFilter('updated_max', 'Updated Max', `Only ${noun} last changed at or before this date`),
		dateFilter('updated_min', 'Updated Min', `Only ${noun} last changed at or after this date`),
	];
}
