import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { checked, fieldsCollection } from '../../../shared/operations';
import { entityBody } from '../../apiFormat';
import { onlineFundraising } from '../entityApi';
import { DATA_SET } from './fields';

const additional: INodeProperties[] = [
	{ displayName: 'Is Third Party', name: 'isThirdParty', type: 'boolean', default: false },
	{ displayName: 'Is Transactional', name: 'isTransactional', type: 'boolean', default: false },
	{
		displayName: 'Sensitive Data',
		name: 'sensitive_data',
		type: 'string',
		default: '',
		placeholder: 'e.g. middleName, phone2',
		description: 'Comma-separated names of fields eligible for anonymisation',
	},
];

function dataSetBody(context: IExecuteFunctions, itemIndex: number): IDataObject {
	return checked(context, itemIndex, () =>
		entityBody(
			{
				vendor: context.getNodeParameter('vendor', itemIndex) as string,
				jsonElement: context.getNodeParameter('jsonElement', itemIndex) as string,
				...(context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject),
			},
			{ json: ['jsonElement'], lists: ['sensitive_data'] },
		),
	);
}

/**
 * POST /dataSet: stored as received ("we do not validate the posted data or structure"). The root
 * properties sent (vendor, jsonElement, flags) follow the DataSet schema; UNCONFIRMED beyond that.
 */
export const createDataSet = onlineFundraising.create(DATA_SET, {
	fields: [
		{ displayName: 'Vendor', name: 'vendor', type: 'string', default: 'n8n', required: true, description: 'The name of the integrator creating the DataSet' },
		{
			displayName: 'JSON Element',
			name: 'jsonElement',
			type: 'json',
			default: '{\n  "formResult": {},\n  "formFields": []\n}',
			description: 'The data to store, e.g. formResult (name → value) and formFields ({ inputType, label, name, value })',
		},
		fieldsCollection('additionalFields', 'Additional Fields', additional),
	],
	body: dataSetBody,
});
