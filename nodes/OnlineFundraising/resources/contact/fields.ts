/** Contact properties OnlineFundraising documents ("Contact", reference B.4); none is mandatory. */
import type { INodeProperties } from 'n8n-workflow';
import type { OnlineFundraisingEntity } from '../entityApi';

export const CONTACT: OnlineFundraisingEntity = {
	noun: 'contact',
	entityPath: 'contact',
	idName: 'contactGuid',
	idDisplayName: 'Contact GUID',
};

export const CONTACT_DATES = ['birthDate'];

export const contactFields: INodeProperties[] = [
	{ displayName: 'Address', name: 'address', type: 'string', default: '', placeholder: 'e.g. Store Kongensgade 59B' },
	{ displayName: 'Address 2', name: 'address2', type: 'string', default: '' },
	{ displayName: 'Birth Date', name: 'birthDate', type: 'dateTime', default: '' },
	{ displayName: 'Business Code', name: 'businessCode', type: 'string', default: '', description: 'VAT number, in Denmark the CVR number' },
	{ displayName: 'City', name: 'city', type: 'string', default: '' },
	{ displayName: 'Company Name', name: 'companyName', type: 'string', default: '' },
	{ displayName: 'Contact Type', name: 'contactType', type: 'string', default: '', placeholder: 'e.g. individual', description: 'E.g. individual or business (not restricted to these).' },
	{ displayName: 'Country Code', name: 'countryCode', type: 'string', default: '', placeholder: 'e.g. DK', description: 'ISO 3166-1 alpha-2' },
	{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
	{ displayName: 'External ID', name: 'externalId', type: 'string', default: '', description: 'Your own ID of this contact' },
	{ displayName: 'External Link', name: 'externalLink', type: 'string', default: '', description: 'A link to this contact in your own system' },
	{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
	{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
	{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Full name' },
	{
		displayName: 'National ID (CPR)',
		name: 'nationalId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 0101601234',
		description: 'The CPR number in Denmark, without a dash. OnlineFundraising does not check it; the CPR resource does.',
	},
	{
		displayName: 'Phone (MSISDN)',
		name: 'msisdn',
		type: 'string',
		default: '',
		placeholder: 'e.g. 4535294855',
		description: 'Phone number with country code, without a prefix such as 00 or +',
	},
	{ displayName: 'Post Code', name: 'postCode', type: 'string', default: '' },
];
