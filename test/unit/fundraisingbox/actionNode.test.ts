import type { INodeProperties } from 'n8n-workflow';
import { FundraisingBox } from '../../../nodes/FundraisingBox/FundraisingBox.node';
import { toDropdownOptions } from '../../../nodes/FundraisingBox/methods/loadOptions';

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
			communication: ['create', 'delete', 'get', 'getAll', 'update'],
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

	/** The fields of one resource and operation, and the options inside its collections. */
	const fieldsOf = (resource: string, operation: string) =>
		properties
			.filter((property) => property.displayOptions?.show?.resource?.includes(resource) && property.displayOptions?.show?.operation?.includes(operation))
			.flatMap((property) => [property, ...((property.type === 'collection' ? property.options : []) as INodeProperties[])]);
	const field = (resource: string, operation: string, name: string) => fieldsOf(resource, operation).find((property) => property.name === name);
	const valuesOf = (property: INodeProperties | undefined) => (property?.options as Array<{ value: unknown }>).map((option) => option.value);
	const collectionNames = (resource: string, operation: string, collection: string) =>
		((field(resource, operation, collection)?.options ?? []) as INodeProperties[]).map((property) => property.name).sort();

	it('writes a person with the five salutations persons-create documents; the list filter also knows Miss and Ms.', () => {
		for (const operation of ['create', 'update']) {
			expect(valuesOf(field('person', operation, 'salutation'))).toEqual(['couple', 'diverse', 'family', 'Mr.', 'Mrs.']);
		}
		expect(valuesOf(field('person', 'getAll', 'salutation'))).toEqual(['couple', 'diverse', 'family', 'Miss', 'Mr.', 'Mrs.', 'Ms.']);
	});

	it('filters persons by every persons-list criterion and updated_min/max', () => {
		expect(collectionNames('person', 'getAll', 'filters')).toEqual(
			['address', 'company', 'email', 'first_name', 'ids', 'last_name', 'phone', 'salutation', 'search_id', 'tag_ids', 'updated_max', 'updated_min'].sort(),
		);
	});

	it('sets the documented opt_in_status of an email address', () => {
		for (const [operation, collection] of [['create', 'additionalFields'], ['update', 'updateFields']]) {
			expect(collectionNames('personEmailAddress', operation, collection)).toContain('opt_in_status');
		}
		expect(valuesOf(field('personEmailAddress', 'create', 'opt_in_status'))).toEqual(['double_opt_in', 'no_opt_in', 'pending_double_opt_in', 'single_opt_in']);
	});

	it('offers the communication fields and filters of the reference', () => {
		expect(fieldsOf('communication', 'create').filter((property) => property.required).map((property) => property.name)).toEqual(['fb_person_id', 'html_message']);
		expect(collectionNames('communication', 'create', 'additionalFields')).toEqual(
			['created_at', 'direction', 'fb_customer_user_group_id', 'sticky', 'subject', 'type', 'visible_to'].sort(),
		);
		expect(valuesOf(field('communication', 'create', 'type'))).toEqual(['email', 'letter', 'note', 'phone', 'talk']);
		expect(valuesOf(field('communication', 'create', 'direction'))).toEqual(['in', 'out']);
		expect(valuesOf(field('communication', 'create', 'visible_to'))).toEqual(['everyone', 'group', 'onlyme', 'person']);
		expect(collectionNames('communication', 'getAll', 'filters')).toEqual(
			[
				'category', 'created_time_max', 'created_time_min', 'date_max', 'date_min', 'direction', 'fb_person_id',
				'has_attachment', 'ids', 'is_system', 'message', 'search_id', 'subject', 'type',
			].sort(),
		);
		expect(valuesOf(field('communication', 'getAll', 'category'))).toEqual(['donation_thank_you', 'double_opt_in', 'fundraising_page_mail', 'gift_donation_certificate']);
	});
});
