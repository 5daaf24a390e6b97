/** The UI fields of a contact, for create and find-or-create. */
import type { INodeProperties } from 'n8n-workflow';
import { addressExtraFields, addressFields, contactExtraFields, genderField, nameField, relationField, typeField } from './fields';

export const contactCreateProperties: INodeProperties[] = [
	typeField,
	nameField,
	{ ...genderField, displayOptions: { show: { type: ['P'] } } },
	relationField,
	...addressFields,
];

export function additionalFields(name: string, extra: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Additional Fields',
		name,
		type: 'collection',
		default: {},
		placeholder: 'Add Field',
		options: [...contactExtraFields, ...addressExtraFields, ...extra].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/** Which optional parts to include in a contact answer (`with`). */
export const includeField: INodeProperties = {
	displayName: 'Include',
	name: 'include',
	type: 'multiOptions',
	options: [
		{ name: 'Custom Fields', value: 'custom_fields' },
		{ name: 'Groups', value: 'groups' },
		{ name: 'Main Address', value: 'main_address' },
	],
	default: ['main_address'],
	description: 'Optional parts of the contact to return with it',
};
