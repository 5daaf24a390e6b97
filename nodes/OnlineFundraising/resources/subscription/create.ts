import type { INodeProperties } from 'n8n-workflow';
import { guidField } from '../fields';
import { onlineFundraising } from '../entityApi';
import { SUBSCRIPTION } from './fields';

const required: INodeProperties[] = [
	guidField('contactGuid', 'Contact GUID', 'The contact who pays', true),
	{
		displayName: 'Agreement Name or ID',
		name: 'agreementGuid',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getAgreements' },
		default: '',
		required: true,
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	guidField('paymentMethodGuid', 'Payment Method GUID', 'The payment method that is charged', true),
	{
		displayName: 'Start Date',
		name: 'startDate',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'The date from which OnlineFundraising begins charging (YYYY-MM-DD is sent)',
	},
];

const additional: INodeProperties[] = [
	guidField('dataSetGuid', 'Data Set GUID', 'The DataSet this subscription came from'),
	{ displayName: 'Expires After Date', name: 'expiresAfterDate', type: 'dateTime', default: '', description: 'The last date the subscription runs' },
	{ displayName: 'External ID', name: 'externalId', type: 'string', default: '' },
	{ displayName: 'External Link', name: 'externalLink', type: 'string', default: '' },
	{
		displayName: 'Payment Method Type',
		name: 'paymentMethodType',
		type: 'string',
		default: '',
		placeholder: 'e.g. Betalingsservice',
		description: 'As OnlineFundraising names it, e.g. Betalingsservice or VippsMobilePayRecurring',
	},
];

/** POST /subscription: a contact's engagement in an agreement, charged through a payment method */
export const createSubscription = onlineFundraising.create(SUBSCRIPTION, { required, additional });
