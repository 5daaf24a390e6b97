/**
 * The contact person fields of SmartBusiness ("ContactPeople", reference smartbusiness.md §4.2)
 * and the request bodies built from them. The bodies are pure: an invalid value throws an Error
 * naming the field, which the operation turns into a NodeOperationError for its item.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { contactLocator, idField, sortedByName } from '../fields';
import { compact } from '../../apiFormat';
import { genderField } from '../contact/fields';

/** `/contacts/{contactId}/people` or one person of it. */
export function peoplePath(contactId: number, personId?: number): string {
	return `/contacts/${contactId}/people${personId === undefined ? '' : `/${personId}`}`;
}

/** The contact the person belongs to (searchable list or ID). */
export const personContactField: INodeProperties = { ...contactLocator(), description: 'The contact (usually a company) the person belongs to' };

export const personIdField = idField('personId', 'Contact Person ID', 'The ID of the contact person, e.g. from Create or Get Many');

export const firstNameField: INodeProperties = { displayName: 'First Name', name: 'name', type: 'string', default: '', required: true, placeholder: 'e.g. Max' };

export const lastNameField: INodeProperties = { displayName: 'Last Name', name: 'surname', type: 'string', default: '', required: true, placeholder: 'e.g. Mustermann' };

export const personGenderField: INodeProperties = { ...genderField, required: true, description: 'Required by SmartBusiness for a contact person' };

/** Optional fields of create (Additional Fields) and update (Update Fields, with the required ones). */
export const personExtraFields: INodeProperties[] = [
	{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
	{ displayName: 'Phone', name: 'phone', type: 'string', default: '', placeholder: 'e.g. +41 79 123 45 67' },
	{ displayName: 'Department', name: 'department', type: 'string', default: '', placeholder: 'e.g. Buchhaltung' },
	{ displayName: 'Salutation', name: 'salutation', type: 'string', default: '', placeholder: 'e.g. Sehr geehrter Herr Mustermann' },
	{ displayName: 'Main Person', name: 'default', type: 'boolean', default: false, description: "Whether this is the contact's main person" },
	{ displayName: 'Show Title', name: 'show_title', type: 'boolean', default: false, description: "Whether documents addressed to the person show their title (e.g. Herr, Frau)" },
	{ displayName: 'Show Department', name: 'show_department', type: 'boolean', default: false, description: 'Whether documents addressed to the person show their department' },
	{ displayName: 'Wants Newsletter', name: 'wants_newsletter', type: 'boolean', default: true, description: 'Whether the person wants to receive newsletters' },
];

export const additionalFieldsField: INodeProperties = {
	displayName: 'Additional Fields',
	name: 'additionalFields',
	type: 'collection',
	default: {},
	placeholder: 'Add Field',
	options: sortedByName(personExtraFields),
};

const optional = (field: INodeProperties): INodeProperties => ({ ...field, required: false });

export const updateFieldsField: INodeProperties = {
	displayName: 'Update Fields',
	name: 'updateFields',
	type: 'collection',
	default: {},
	placeholder: 'Add Field',
	options: sortedByName([...[firstNameField, lastNameField, personGenderField].map(optional), ...personExtraFields]),
};

const LABELS: Readonly<Record<string, string>> = { name: 'First Name', surname: 'Last Name', gender: 'Gender' };

/** `M` or `F` (either case), or an error naming the field; undefined when empty. */
function genderOf(value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const gender = String(value).trim().toUpperCase();
	if (gender !== 'M' && gender !== 'F') throw new Error(`Gender must be M (male) or F (female), not "${String(value)}"`);
	return gender;
}

/** The fields as SmartBusiness takes them: text trimmed, gender M/F, empty values left out. */
export function personFieldsBody(fields: IDataObject): IDataObject {
	const body: IDataObject = {};
	for (const [key, value] of Object.entries(fields)) {
		if (key === 'gender') body.gender = genderOf(value);
		else body[key] = typeof value === 'string' ? value.trim() : value;
	}
	return compact(body);
}

export interface CreatePersonInput {
	name: IDataObject[string];
	surname: IDataObject[string];
	gender: IDataObject[string];
	additionalFields: IDataObject;
}

/** The body of `POST /contacts/{id}/people`: first name, last name and gender are required there. */
export function createPersonBody(input: CreatePersonInput): IDataObject {
	const body = personFieldsBody({ ...input.additionalFields, name: input.name, surname: input.surname, gender: input.gender });
	for (const key of ['name', 'surname', 'gender']) {
		if (body[key] === undefined) throw new Error(`${LABELS[key]} is required for a contact person`);
	}
	return body;
}

/** The body of `PUT /contacts/{id}/people/{personId}`: only the changed fields. */
export function updatePersonBody(fields: IDataObject): IDataObject {
	const body = personFieldsBody(fields);
	if (Object.keys(body).length === 0) throw new Error('Nothing to update: add a field under "Update Fields"');
	return body;
}

/** A person as the API answers it, with the ID of its contact (so Invoice › Create can take both). */
export function withContactId(person: IDataObject, contactId: number): IDataObject {
	return { ...person, contact_id: contactId };
}
