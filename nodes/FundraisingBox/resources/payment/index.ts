/** The Payment resource: FundraisingBox's Payment-API (app/payment) and Session-API. */
import type { INodeProperties } from 'n8n-workflow';
import type { ResourceModule } from '../../../shared/resourceModule';
import * as create from './create';
import * as createFromSession from './createFromSession';
import * as createSession from './createSession';
import { RESOURCE } from './descriptions';
import * as updateSession from './updateSession';

const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: [RESOURCE] } },
	options: [
		{
			name: 'Create Payment',
			value: 'create',
			action: 'Create a payment',
			description: 'Process a donation in one step (Payment-API)',
		},
		{
			name: 'Create Payment From Session',
			value: 'createFromSession',
			action: 'Create a payment from a session',
			description: 'Process a complete session; a session can be processed once',
		},
		{
			name: 'Create Session',
			value: 'createSession',
			action: 'Create a session',
			description: 'Store donation values in a new session (Session-API)',
		},
		{
			name: 'Update Session',
			value: 'updateSession',
			action: 'Update a session',
			description: 'Add or change values of a session, or read it (Session-API)',
		},
	],
	default: 'create',
};

export const paymentResource: ResourceModule = {
	option: {
		name: 'Payment',
		value: RESOURCE,
		description: 'Donations through a donation form (Payment-API and Session-API; needs the form hash)',
	},
	properties: [
		operationField,
		...create.description,
		...createFromSession.description,
		...createSession.description,
		...updateSession.description,
	],
	operations: {
		create: create.execute,
		createFromSession: createFromSession.execute,
		createSession: createSession.execute,
		updateSession: updateSession.execute,
	},
};
