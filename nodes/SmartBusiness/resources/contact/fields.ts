/** The contact fields of SmartBusiness (reference smartbusiness.md §4.2) and the request bodies built from them. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { compact } from '../../apiFormat';

export const LANGUAGES = [
	{ name: 'German', value: 'de' },
	{ name: 'French', value: 'fr' },
	{ name: 'Italian', value: 'it' },
	{ name: 'English', value: 'en' },
	{ name: 'Spanish', value: 'es' },
];

export const typeField: INodeProperties = {
	displayName: 'Type',
	name: 'type',
	type: 'options',
	options: [
		{ name: 'Person', value: 'P' },
		{ name: 'Company', value: 'C' },
	],
	default: 'P',
};

export const nameField: INodeProperties = {
	displayName: 'Name',
	name: 'name',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. Ursula Buchmüller',
	description: 'The full name shown on documents: first and last name of a person, or the company name',
};

export const genderField: INodeProperties = {
	displayName: 'Gender',
	name: 'gender',
	type: 'options',
	options: [
		{ name: 'Female', value: 'F' },
		{ name: 'Male', value: 'M' },
	],
	default: 'F',
	description: 'Required by SmartBusiness for a person',
};

export const relationField: INodeProperties = {
	displayName: 'Relation',
	name: 'relation',
	type: 'multiOptions',
	options: [
		{ name: 'Customer', value: 'CL' },
		{ name: 'Supplier', value: 'CR' },
	],
	default: ['CL'],
};

/** How Find or Create and Create From Event find an existing contact. */
export const matchByField: INodeProperties = {
	displayName: 'Match Contact By',
	name: 'matchBy',
	type: 'options',
	options: [
		{ name: 'Email', value: 'email' },
		{ name: 'Customer Number', value: 'number', description: 'From an event: the source and its contact ID, e.g. FB-4711' },
	],
	default: 'email',
};

/** Test events (`testMode`, e.g. a Digistore24 test purchase) are skipped unless this is on. */
export const includeTestEventsField: INodeProperties = {
	displayName: 'Include Test Events',
	name: 'includeTestEvents',
	type: 'boolean',
	default: false,
	description: 'Whether to write test events (a test purchase or test donation) too; by default they are skipped and the item says so',
};

/** Choices for contacts made from an event, where the event says nothing. */
export const eventContactDefaults: INodeProperties[] = [
	{
		displayName: 'Gender When Unknown',
		name: 'defaultGender',
		type: 'options',
		options: [
			{ name: 'Female', value: 'F' },
			{ name: 'Male', value: 'M' },
			{ name: 'None (Fail the Item)', value: '' },
		],
		default: '',
		description: 'For a person whose salutation (Herr/Frau, Mr/Mrs, …) says no gender. SmartBusiness requires M or F for a person; with None such an item fails, saying so.',
	},
	{ displayName: 'Country When Missing', name: 'defaultCountry', type: 'string', default: 'CH', description: 'ISO 3166-1 alpha-2 code for an address without a country' },
];

/** The main address; SmartBusiness needs street, postcode, city and country on create. */
export const addressFields: INodeProperties[] = [
	{ displayName: 'Street', name: 'street', type: 'string', default: '', required: true, placeholder: 'e.g. Bahnhofstrasse' },
	{ displayName: 'Postcode', name: 'postcode', type: 'string', default: '', required: true, placeholder: 'e.g. 3011' },
	{ displayName: 'City', name: 'city', type: 'string', default: '', required: true, placeholder: 'e.g. Bern' },
	{ displayName: 'Country Code', name: 'country', type: 'string', default: 'CH', required: true, description: 'ISO 3166-1 alpha-2, e.g. CH, DE, AT' },
];

/** Optional fields of the main address. */
export const addressExtraFields: INodeProperties[] = [
	{ displayName: 'Street Number', name: 'street_no', type: 'string', default: '', description: 'Kept apart from the street, as Swiss QR-bills want structured addresses' },
	{ displayName: 'Address Line 2', name: 'street2', type: 'string', default: '' },
];

/** Optional contact fields of create, update and find-or-create. */
export const contactExtraFields: INodeProperties[] = [
	{ displayName: 'Customer Number', name: 'number', type: 'string', default: '', description: 'Unique; SmartBusiness takes the next free number when empty' },
	{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
	{ displayName: 'Phone', name: 'phone', type: 'string', default: '' },
	{ displayName: 'Language', name: 'communication_language', type: 'options', options: LANGUAGES, default: 'de', description: 'Language of documents and e-mails' },
	{ displayName: 'Name Addition', name: 'name_addition', type: 'string', default: '' },
	{ displayName: 'Salutation', name: 'salutation', type: 'string', default: '', placeholder: 'e.g. Sehr geehrte Frau Buchmüller' },
	{ displayName: 'Website', name: 'website', type: 'string', default: '' },
	{ displayName: 'Notes', name: 'notes', type: 'string', typeOptions: { rows: 3 }, default: '' },
	{ displayName: 'Currency', name: 'currency', type: 'string', default: '', placeholder: 'e.g. CHF' },
	{ displayName: 'Payment Term (Days)', name: 'payment_grace', type: 'number', typeOptions: { minValue: 0 }, default: 30 },
	{
		displayName: 'Documents By',
		name: 'communication_channel',
		type: 'options',
		options: [
			{ name: 'No Preference', value: 'U' },
			{ name: 'Email', value: 'E' },
			{ name: 'Post', value: 'P' },
		],
		default: 'U',
	},
	{ displayName: 'VAT Number', name: 'vat_identification', type: 'string', default: '' },
];

/** The body of `POST /contacts` from the create fields (`main_address` is required there). */
export function contactBodyFromFields(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const param = (name: string, fallback: unknown = '') => context.getNodeParameter(name, itemIndex, fallback);
	const type = param('type', 'P') as string;
	const extra = param('additionalFields', {}) as IDataObject;
	const { street_no, street2, ...contactFields } = extra;
	return compact({
		relation: param('relation', ['CL']) as string[],
		type,
		name: String(param('name')).trim(),
		gender: type === 'P' ? (param('gender', 'F') as string) : undefined,
		...compact(contactFields),
		main_address: compact({
			street: String(param('street')).trim(),
			street_no,
			street2,
			postcode: String(param('postcode')).trim(),
			city: String(param('city')).trim(),
			country: String(param('country', 'CH')).trim().toUpperCase(),
		}),
	});
}
