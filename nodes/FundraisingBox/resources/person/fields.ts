/** Person fields FundraisingBox documents for create and update (`last_name` is mandatory on create). */
import type { INodeProperties } from 'n8n-workflow';
import { customFieldsField, idField, PERSON_SALUTATION_OPTIONS } from '../fields';
import type { RestObject } from '../entityApi';

export const PERSON: RestObject = {
	noun: 'person',
	path: '/persons',
	idName: 'personId',
	idDisplayName: 'Person ID',
	formats: { dates: ['birthday'] },
};

export const lastNameField: INodeProperties = {
	displayName: 'Last Name',
	name: 'last_name',
	type: 'string',
	default: '',
	description: 'At most 100 characters',
};

/** Every writable person field except `last_name`. */
export const personFields: INodeProperties[] = [
	{ displayName: 'Birthday', name: 'birthday', type: 'dateTime', default: '' },
	idField('company_id', 'Company ID', 'The ID of the person record of the company this person belongs to'),
	{ displayName: 'Company Name', name: 'company_name', type: 'string', default: '' },
	customFieldsField,
	{
		displayName: 'External Person ID',
		name: 'external_person_id',
		type: 'string',
		default: '',
		description: 'Your own ID of this person (at most 100 characters)',
	},
	{ displayName: 'First Name', name: 'first_name', type: 'string', default: '' },
	{ displayName: 'Greeting', name: 'greeting', type: 'string', default: '', description: 'Letter salutation, e.g. "Dear Ms Example"' },
	{
		displayName: 'Info',
		name: 'info',
		type: 'string',
		default: '',
		typeOptions: { rows: 3 },
		description: 'Internal note (at most 1000 characters)',
	},
	{
		displayName: 'Is Company',
		name: 'is_company',
		type: 'boolean',
		default: false,
		description: 'Whether this person record is a company or organisation',
	},
	{ displayName: 'Position', name: 'position', type: 'string', default: '', description: 'Job title or position' },
	{
		displayName: 'Salutation',
		name: 'salutation',
		type: 'options',
		options: PERSON_SALUTATION_OPTIONS,
		default: 'Mrs.',
		description: 'Only for persons that are not a company',
	},
	{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'Academic title, e.g. "Dr." (at most 50 characters)' },
	{
		displayName: 'Wants Mailing',
		name: 'wants_mailing',
		type: 'boolean',
		default: false,
		description: 'Whether the person wants mailings',
	},
	{
		displayName: 'Wants No Call',
		name: 'wants_no_call',
		type: 'boolean',
		default: false,
		description: 'Whether the person does not want to be called',
	},
	{
		displayName: 'Wants No Email',
		name: 'wants_no_email',
		type: 'boolean',
		default: false,
		description: 'Whether the person does not want emails',
	},
	{
		displayName: 'Wants No Post',
		name: 'wants_no_post',
		type: 'boolean',
		default: false,
		description: 'Whether the person does not want letters',
	},
];
