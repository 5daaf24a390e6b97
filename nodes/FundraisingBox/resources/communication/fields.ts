/**
 * Communications (notes, emails, calls, talks, letters on a person's timeline):
 * `/communications.json` and `/communications/:id.json` (developer reference communicationsjson
 * and communicationsjson-1; get, update and delete as FundraisingBox's own n8n node calls them).
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { idField, textField } from '../fields';
import type { RestObject } from '../entityApi';

export const COMMUNICATION: RestObject = {
	noun: 'communication',
	path: '/communications',
	idName: 'communicationId',
	idDisplayName: 'Communication ID',
	formats: { dateTimes: ['created_at'] },
};


export const COMMUNICATION_TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Email', value: 'email' },
	{ name: 'Letter', value: 'letter' },
	{ name: 'Note', value: 'note' },
	{ name: 'Phone', value: 'phone' },
	{ name: 'Talk', value: 'talk' },
];

export const DIRECTION_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Inbound', value: 'in' },
	{ name: 'Outbound', value: 'out' },
];

export const personIdField = idField('fb_person_id', 'Person ID', 'The person (contact) the communication belongs to');

export const messageField: INodeProperties = {
	displayName: 'Message',
	name: 'html_message',
	type: 'string',
	default: '',
	typeOptions: { rows: 4 },
	description: 'Content of the communication; HTML is escaped by FundraisingBox',
};

/** Optional on create, and (with the message) what an update can change. */
export const optionalCommunicationFields: INodeProperties[] = [
	{
		displayName: 'Created At',
		name: 'created_at',
		type: 'dateTime',
		default: '',
		description: 'Date and time of the communication (German time); FundraisingBox defaults to now',
	},
	{ displayName: 'Direction', name: 'direction', type: 'options', options: DIRECTION_OPTIONS, default: 'out' },
	{
		displayName: 'Sticky',
		name: 'sticky',
		type: 'boolean',
		default: false,
		description: 'Whether the communication is shown on top of the list',
	},
	textField('Subject', 'subject', 'Only for type Email'),
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		options: COMMUNICATION_TYPE_OPTIONS,
		default: 'note',
		description: 'FundraisingBox defaults to Note',
	},
	idField('fb_customer_user_group_id', 'User Group ID', 'The user group that may see the communication; only with visibility Group'),
	{
		displayName: 'Visible To',
		name: 'visible_to',
		type: 'options',
		options: [
			{ name: 'Everyone', value: 'everyone', description: 'Every user' },
			{ name: 'Group', value: 'group', description: 'The users of one user group (set User Group ID)' },
			{ name: 'Only Me', value: 'onlyme', description: 'The user the API token belongs to' },
			{ name: 'Person', value: 'person', description: 'As the person it belongs to is visible' },
		],
		default: 'person',
	},
];
