import type { INodeProperties } from 'n8n-workflow';
import { RECEIPT_STATUS_OPTIONS } from '../fields';
import type { RestObject } from '../entityApi';

export const DONATION: RestObject = {
	noun: 'donation',
	path: '/donations',
	idName: 'donationId',
	idDisplayName: 'Donation ID',
	formats: { dateTimes: ['created_at', 'received_at'] },
};

export const amountField: INodeProperties = {
	displayName: 'Amount',
	name: 'amount',
	type: 'number',
	typeOptions: { minValue: 0.01, numberPrecision: 2 },
	default: 10,
	description: 'In EUR (a decimal number, not cents)',
};

export const receiptStatusField: INodeProperties = {
	displayName: 'Receipt Status',
	name: 'receipt_status',
	type: 'options',
	options: RECEIPT_STATUS_OPTIONS,
	default: 'no_receipt',
	description: 'Whether and when FundraisingBox issues a donation receipt',
};
