/**
 * Person email addresses: `/personEmailAddresses.json` and `/personEmailAddresses/:id.json`, the
 * paths FundraisingBox's own n8n node uses (the developer reference only names "/personEmailAddress").
 */
import type { INodeProperties } from 'n8n-workflow';
import { CONTACT_TYPE_OPTIONS } from '../fields';

export const PERSON_EMAIL_ADDRESS = {
	noun: 'person email address',
	path: '/personEmailAddresses',
	idName: 'personEmailAddressId',
	idDisplayName: 'Person Email Address ID',
};

export const emailField: INodeProperties = {
	displayName: 'Email',
	name: 'email',
	type: 'string',
	default: '',
	placeholder: 'name@email.com',
};

export const optionalEmailFields: INodeProperties[] = [
	{
		displayName: 'Is Main',
		name: 'is_main',
		type: 'boolean',
		default: true,
		description: 'Whether this is the main email address of the person',
	},
	{
		displayName: 'Opt-In Status',
		name: 'opt_in_status',
		type: 'options',
		options: [
			{ name: 'Double Opt-In', value: 'double_opt_in' },
			{ name: 'No Opt-In', value: 'no_opt_in' },
			{ name: 'Pending Double Opt-In', value: 'pending_double_opt_in' },
			{ name: 'Single Opt-In', value: 'single_opt_in' },
		],
		default: 'no_opt_in',
		description: 'Consent to emails, when the double opt-in (DOI) feature is activated in FundraisingBox',
	},
	{ displayName: 'Type', name: 'type', type: 'options', options: CONTACT_TYPE_OPTIONS, default: 'home' },
];
