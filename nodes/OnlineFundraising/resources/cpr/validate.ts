import type { IExecuteFunctions } from 'n8n-workflow';
import type { Operation } from '../../../shared/operations';
import { checkCpr } from './cprNumber';

/** Checks a CPR number locally (no request to OnlineFundraising); the item says whether and why. */
export const validateCpr: Operation = {
	option: {
		name: 'Validate',
		value: 'validate',
		action: 'Validate a CPR number',
		description: 'Check a Danish CPR number: date and century, modulus 11 or an officially exempt birth date',
	},
	properties: [
		{
			displayName: 'CPR Number',
			name: 'cpr',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 010160-1234',
			description: 'Ten digits, with or without a dash after the sixth',
		},
	],
	async handler(this: IExecuteFunctions, itemIndex: number) {
		const input = this.getNodeParameter('cpr', itemIndex) as string;
		return { input, ...checkCpr(input) };
	},
};
