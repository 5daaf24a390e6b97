import type { INodeProperties } from 'n8n-workflow';
import { FundraisingBox } from '../../../nodes/FundraisingBox/FundraisingBox.node';
import { toDropdownOptions } from '../../../nodes/FundraisingBox/loadOptions';

describe('toDropdownOptions (loadOptions getProjects / getSources / getPaymentTypes)', () => {
	it('names each option by name and id, sorted by name; value is the id', () => {
		expect(
			toDropdownOptions([
				{ id: 8, name: 'SEPA Direct Debit' },
				{ id: 3, name: ' PayPal ' },
				{ id: 4921, name: '' },
				{ name: 'no id' },
			]),
		).toEqual([
			{ name: '#4921 (4921)', value: 4921 },
			{ name: 'PayPal (3)', value: 3 },
			{ name: 'SEPA Direct Debit (8)', value: 8 },
		]);
	});
});

describe('FundraisingBox node description', () => {
	const node = new FundraisingBox();
	const properties = node.description.properties;
	const resources = (properties.find((property) => property.name === 'resource')?.options ?? []) as Array<{ value: string }>;

	it('offers the documented resources and operations', () => {
		const operationsOf = (resource: string) =>
			properties
				.filter((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource))
				.flatMap((property) => (property.options as Array<{ value: string }>).map((option) => option.value))
				.sort();
		expect(Object.fromEntries(resources.map((resource) => [resource.value, operationsOf(resource.value)]))).toEqual({
			donation: ['create', 'get', 'getAll'],
			payment: ['create', 'createFromSession', 'createSession', 'updateSession'],
			paymentType: ['get', 'getAll'],
			person: ['create', 'get', 'getAll', 'update'],
			personAddress: ['create', 'get', 'update'],
			personEmailAddress: ['create', 'get', 'update'],
			project: ['get', 'getAll'],
			recurringPayment: ['create', 'get', 'getAll', 'update'],
			sepaMandate: ['get'],
			source: ['get', 'getAll'],
		});
	});

	it('shows every field for exactly one resource and operation', () => {
		const fields = properties.filter((property: INodeProperties) => !['resource', 'operation'].includes(property.name));
		for (const field of fields) {
			expect(field.displayOptions?.show?.resource).toHaveLength(1);
			expect(field.displayOptions?.show?.operation).toHaveLength(1);
		}
	});

	it('uses the REST credential for all resources but Payment, which has the Payment-API credential', () => {
		expect(node.description.credentials).toEqual([
			{ name: 'fundraisingBoxRestApi', required: true, displayOptions: { hide: { resource: ['payment'] } } },
			{ name: 'fundraisingBoxPaymentApi', required: true, testedBy: 'fundraisingBoxPaymentApiTest', displayOptions: { show: { resource: ['payment'] } } },
		]);
		expect(Object.keys(node.methods.loadOptions).sort()).toEqual(['getPaymentTypes', 'getProjects', 'getSources']);
	});
});
