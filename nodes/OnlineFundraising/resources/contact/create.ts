import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { fieldsCollection } from '../../../shared/operations';
import { checkCpr } from '../cpr/cprNumber';
import { entityBody } from '../../apiFormat';
import { onlineFundraising } from '../entityApi';
import { CONTACT, CONTACT_DATES, contactFields } from './fields';

/** The body of a new contact; with "Validate CPR First", a failing `nationalId` stops the item. */
function contactBody(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const body = entityBody(context.getNodeParameter('contactFields', itemIndex, {}) as IDataObject, { dates: CONTACT_DATES });
	if (context.getNodeParameter('validateNationalId', itemIndex, false) && body.nationalId !== undefined) {
		const check = checkCpr(body.nationalId);
		if (!check.valid) {
			throw new NodeOperationError(context.getNode(), `National ID (CPR) "${String(body.nationalId)}" is not valid: ${check.reason}`, { itemIndex });
		}
		// OnlineFundraising keeps CPR numbers without a dash.
		body.nationalId = check.cpr;
	}
	return body;
}

/** POST /contact ("accepts the given properties as is"; a new contact every time, never a merge) */
export const createContact = onlineFundraising.create(CONTACT, {
	fields: [
		{
			displayName: 'Validate CPR First',
			name: 'validateNationalId',
			type: 'boolean',
			default: false,
			description:
				'Whether to check the National ID (CPR) before sending (date, century, modulus 11 or an officially exempt birth date); an invalid one fails the item and nothing is created',
		},
		fieldsCollection('contactFields', 'Contact Fields', contactFields),
	],
	body: contactBody,
});
