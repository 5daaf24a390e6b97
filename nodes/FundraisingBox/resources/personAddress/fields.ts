/**
 * Person addresses: `/personAddresses.json` and `/personAddresses/:id.json`, the paths
 * FundraisingBox's own n8n node uses (the developer reference only names "/personAddress").
 */
import type { INodeProperties } from 'n8n-workflow';
import { CONTACT_TYPE_OPTIONS } from '../fields';

export const PERSON_ADDRESS = {
	noun: 'person address',
	path: '/personAddresses',
	idName: 'personAddressId',
	idDisplayName: 'Person Address ID',
};

export const addressFields: Record<'address' | 'postCode' | 'city' | 'country', INodeProperties> = {
	address: { displayName: 'Street Address', name: 'address', type: 'string', default: '', description: 'Street and house number' },
	postCode: { displayName: 'Post Code', name: 'post_code', type: 'string', default: '' },
	city: { displayName: 'City', name: 'city', type: 'string', default: '' },
	country: {
		displayName: 'Country',
		name: 'country',
		type: 'string',
		default: '',
		placeholder: 'DE',
		description: 'Two-letter ISO country code, e.g. DE, AT, CH',
	},
};

/** Optional on create; every field is optional on update. */
export const optionalAddressFields: INodeProperties[] = [
	{ displayName: 'Address Addition', name: 'address_addition', type: 'string', default: '', description: 'Second address line, e.g. c/o' },
	{
		displayName: 'Is Main',
		name: 'is_main',
		type: 'boolean',
		default: true,
		description: 'Whether this is the main address of the person',
	},
	{ displayName: 'State', name: 'state', type: 'string', default: '', description: 'State or region' },
	{ displayName: 'Type', name: 'type', type: 'options', options: CONTACT_TYPE_OPTIONS, default: 'home' },
];
