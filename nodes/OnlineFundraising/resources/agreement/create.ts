import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { checked, fieldsCollection } from '../../../shared/operations';
import { guidField } from '../fields';
import { agreementAmounts, entityBody } from '../../apiFormat';
import { onlineFundraising } from '../entityApi';
import { AGREEMENT } from './fields';

/** Mandatory on create ("Agreement" property table); the amounts are computed from Amount and VAT. */
const required: INodeProperties[] = [
	{ displayName: 'Name', name: 'name', type: 'string', default: '', required: true, description: 'At most 30 characters' },
	{
		displayName: 'Agreement Type',
		name: 'agreementType',
		type: 'options',
		options: [
			{ name: 'Personal', value: 'Personal', description: 'Unique to one contact, such as a recurring donation' },
			{ name: 'Shared', value: 'Shared', description: 'Used by many contacts, such as a membership' },
		],
		default: 'Personal',
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		required: true,
		description: 'Amount excluding VAT; the VAT amount and the total charged are computed from it',
	},
	{ displayName: 'VAT Percentage', name: 'vatPercentage', type: 'number', typeOptions: { minValue: 0, numberPrecision: 2 }, default: 0 },
	{ displayName: 'Currency Code', name: 'currencyCode', type: 'string', default: 'DKK', required: true, description: 'ISO 4217' },
	{ displayName: 'Tax Deductible', name: 'taxDeductable', type: 'boolean', default: false, description: 'Whether payments are tax deductible' },
	{ displayName: 'Unit', name: 'unit', type: 'string', default: 'pcs', required: true },
];

const additional: INodeProperties[] = [
	guidField('communicationCollectionGuid', 'Communication Collection GUID', 'The communication collection to use'),
	guidField('contactGuid', 'Contact GUID', 'The contact of a personal agreement'),
	guidField('dataSetGuid', 'Data Set GUID', 'The DataSet this agreement came from'),
	{ displayName: 'Description', name: 'description', type: 'string', default: '', description: 'Invoice description (at most 60 characters)' },
	{ displayName: 'Purpose Accounting Code', name: 'purposeAccountingCode', type: 'string', default: '', placeholder: 'e.g. youth-membership' },
	{ displayName: 'Schedule Base Tier', name: 'scheduleBaseTier', type: 'number', default: 1 },
	{ displayName: 'Schedule Calendar Unit', name: 'scheduleCalendarUnit', type: 'string', default: '', placeholder: 'e.g. Month' },
	{ displayName: 'Schedule Every Other', name: 'scheduleEveryOther', type: 'number', default: 1 },
	{ displayName: 'Schedule Fixed Day', name: 'scheduleFixedDay', type: 'number', default: 1 },
	{ displayName: 'Schedule Selected Set', name: 'scheduleSelectedSet', type: 'string', default: '', placeholder: 'e.g. [1,2,5,6,7,12]' },
	{
		displayName: 'Schedule Type',
		name: 'scheduleType',
		type: 'string',
		default: '',
		placeholder: 'e.g. Monthly',
		description: 'As OnlineFundraising names it (its list of values is not documented)',
	},
];

function agreementBody(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const value = (name: string) => context.getNodeParameter(name, itemIndex);
	return checked(context, itemIndex, () => ({
		name: value('name'),
		agreementType: value('agreementType'),
		unit: value('unit'),
		...agreementAmounts(Number(value('amount')), Number(value('vatPercentage'))),
		currencyCode: String(value('currencyCode')).trim().toUpperCase(),
		taxDeductable: value('taxDeductable'),
		...entityBody(context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject),
	}));
}

/** POST /agreement */
export const createAgreement = onlineFundraising.create(AGREEMENT, {
	fields: [...required, fieldsCollection('additionalFields', 'Additional Fields', additional)],
	body: agreementBody,
});
