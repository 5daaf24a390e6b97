import type { INodeProperties } from 'n8n-workflow';
import { toGuidOptions } from '../../../nodes/OnlineFundraising/methods/loadOptions';
import { OnlineFundraising } from '../../../nodes/OnlineFundraising/OnlineFundraising.node';
import { agreementAmounts, entityBody, listQuery } from '../../../nodes/OnlineFundraising/apiFormat';

describe('request bodies', () => {
	it('entityBody: dates as YYYY-MM-DD, lists split, JSON parsed, empty values left out', () => {
		expect(
			entityBody(
				{ firstName: 'Jens', email: '', birthDate: '2005-07-10T00:00:00', sensitive_data: 'middleName, phone2,', jsonElement: '{"formResult":{"a":1}}', flag: false, none: null },
				{ dates: ['birthDate'], lists: ['sensitive_data'], json: ['jsonElement'] },
			),
		).toEqual({ firstName: 'Jens', birthDate: '2005-07-10', sensitive_data: ['middleName', 'phone2'], jsonElement: { formResult: { a: 1 } }, flag: false });
		expect(() => entityBody({ jsonElement: '{nope' }, { json: ['jsonElement'] })).toThrow('jsonElement is not valid JSON');
	});

	it('agreementAmounts: VAT and total to the øre from the amount excluding VAT', () => {
		expect(agreementAmounts(100, 25)).toEqual({ unitPrice: 100, amount: 100, amountVat: 25, amountTotal: 125, vatPercentage: 25 });
		expect(agreementAmounts(99.99, 25)).toEqual({ unitPrice: 99.99, amount: 99.99, amountVat: 25, amountTotal: 124.99, vatPercentage: 25 });
		expect(agreementAmounts(0.1 + 0.2, 0)).toEqual({ unitPrice: 0.3, amount: 0.3, amountVat: 0, amountTotal: 0.3, vatPercentage: 0 });
		expect(() => agreementAmounts(-1, 0)).toThrow('Amount must be a number of at least 0');
		expect(() => agreementAmounts(10, Number.NaN)).toThrow('VAT Percentage');
	});

	it('listQuery: dates of the range as YYYY-MM-DD', () => {
		expect(listQuery({ startDate: '2024-01-01T00:00:00', endDate: '', state: 'Active' }, ['startDate', 'endDate'])).toEqual({ startDate: '2024-01-01', state: 'Active' });
	});
});

describe('toGuidOptions (loadOptions getAgreements)', () => {
	it('names options by name and GUID, sorted; entities without a GUID are left out', () => {
		expect(toGuidOptions([{ agreementGuid: 'g2', name: 'Membership' }, { agreementGuid: 'g1', name: ' ' }, { name: 'no guid' }], 'agreementGuid')).toEqual([
			{ name: 'g1', value: 'g1' },
			{ name: 'Membership (g2)', value: 'g2' },
		]);
	});
});

describe('OnlineFundraising node description', () => {
	const node = new OnlineFundraising();
	const properties = node.description.properties;
	const operationsOf = (resource: string) =>
		properties
			.filter((property: INodeProperties) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource))
			.flatMap((property) => (property.options as Array<{ value: string }>).map((option) => option.value))
			.sort();

	it('offers the operations of issue 4 that the documented contract supports', () => {
		expect(operationsOf('contact')).toEqual(['create', 'get', 'getAll', 'update']);
		expect(operationsOf('agreement')).toEqual(['create', 'get', 'getAll']);
		expect(operationsOf('subscription')).toEqual(['create', 'get', 'getAll']);
		expect(operationsOf('payment')).toEqual(['get', 'getAll']);
		expect(operationsOf('paymentMethod')).toEqual(['get']);
		expect(operationsOf('dataSet')).toEqual(['create', 'get', 'getAll']);
		expect(operationsOf('cpr')).toEqual(['validate']);
	});

	it('every field is shown for one resource and operation; the CPR check needs no credential', () => {
		for (const property of properties.filter((entry) => !['resource', 'operation'].includes(entry.name))) {
			expect(property.displayOptions?.show?.resource).toHaveLength(1);
			expect(property.displayOptions?.show?.operation).toHaveLength(1);
		}
		expect(node.description.credentials).toEqual([{ name: 'onlineFundraisingApi', required: true, displayOptions: { hide: { resource: ['cpr'] } } }]);
	});
});
