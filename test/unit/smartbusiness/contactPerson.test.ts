import type { INodeProperties } from 'n8n-workflow';
import { createPersonBody, peoplePath, personFieldsBody, updatePersonBody, withContactId } from '../../../nodes/SmartBusiness/resources/contactPerson/fields';
import { SmartBusiness } from '../../../nodes/SmartBusiness/SmartBusiness.node';
import { runStubbed } from './stubbedNode';

describe('contact person bodies', () => {
	it('Create: first name, last name and gender with the additional fields; text trimmed, empty values left out', () => {
		expect(
			createPersonBody({
				name: ' Max ',
				surname: 'Mustermann',
				gender: 'm',
				additionalFields: { email: 'max@example.com', phone: '', department: ' Buchhaltung ', default: true, show_title: false, wants_newsletter: true },
			}),
		).toEqual({ name: 'Max', surname: 'Mustermann', gender: 'M', email: 'max@example.com', department: 'Buchhaltung', default: true, show_title: false, wants_newsletter: true });
	});

	it('Create: names the missing or invalid required field', () => {
		const input = { name: 'Max', surname: 'Mustermann', gender: 'M', additionalFields: {} };
		expect(() => createPersonBody({ ...input, name: '  ' })).toThrow('First Name is required for a contact person');
		expect(() => createPersonBody({ ...input, surname: undefined })).toThrow('Last Name is required for a contact person');
		expect(() => createPersonBody({ ...input, gender: '' })).toThrow('Gender is required for a contact person');
		expect(() => createPersonBody({ ...input, gender: 'X' })).toThrow('Gender must be M (male) or F (female), not "X"');
		// The required fields win over the same keys in a collection an expression filled.
		expect(createPersonBody({ ...input, additionalFields: { name: 'Moritz' } })).toMatchObject({ name: 'Max' });
	});

	it('Update: only the changed fields; nothing to change is an error', () => {
		expect(updatePersonBody({ phone: ' +41 79 000 00 00 ', gender: 'f', show_department: false })).toEqual({ phone: '+41 79 000 00 00', gender: 'F', show_department: false });
		expect(() => updatePersonBody({})).toThrow('Nothing to update: add a field under "Update Fields"');
		expect(() => updatePersonBody({ email: '' })).toThrow('Nothing to update');
		expect(personFieldsBody({ surname: null, name: 'Eva' })).toEqual({ name: 'Eva' });
	});

	it('paths and outputs name the contact', () => {
		expect(peoplePath(525765968)).toBe('/contacts/525765968/people');
		expect(peoplePath(525765968, 42)).toBe('/contacts/525765968/people/42');
		expect(withContactId({ id: 42, name: 'Max' }, 7)).toEqual({ id: 42, name: 'Max', contact_id: 7 });
	});
});

describe('SmartBusiness node description: contact person', () => {
	const { properties } = new SmartBusiness().description;

	it('offers the Contact Person resource with create, get, get many, update and delete', () => {
		const resource = properties.find((property) => property.name === 'resource');
		expect(resource?.options).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Contact Person', value: 'contactPerson' })]));
		const selector = properties.find((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes('contactPerson'));
		expect((selector?.options as Array<{ value: string }>).map((option) => option.value)).toEqual(['create', 'delete', 'get', 'getAll', 'update']);
	});

	it('every field is shown for one operation; the IDs and required fields are where they belong', () => {
		const fields = properties.filter((property: INodeProperties) => property.name !== 'operation' && property.displayOptions?.show?.resource?.includes('contactPerson'));
		for (const field of fields) expect(field.displayOptions?.show?.operation).toHaveLength(1);
		const namesFor = (operation: string) => fields.filter((field) => field.displayOptions?.show?.operation?.includes(operation)).map((field) => field.name);
		expect(namesFor('create')).toEqual(['contactId', 'name', 'surname', 'gender', 'additionalFields']);
		expect(namesFor('get')).toEqual(['contactId', 'personId']);
		expect(namesFor('getAll')).toEqual(['contactId', 'returnAll', 'limit']);
		expect(namesFor('update')).toEqual(['contactId', 'personId', 'updateFields']);
		expect(namesFor('delete')).toEqual(['contactId', 'personId']);
		const additional = fields.find((field) => field.name === 'additionalFields')!.options as INodeProperties[];
		expect(additional.map((field) => field.name).sort()).toEqual(['default', 'department', 'email', 'phone', 'salutation', 'show_department', 'show_title', 'wants_newsletter']);
		const update = fields.find((field) => field.name === 'updateFields')!.options as INodeProperties[];
		expect(update.filter((field) => field.required)).toEqual([]);
		expect(update.map((field) => field.name)).toEqual(expect.arrayContaining(['name', 'surname', 'gender', 'phone']));
	});
});

describe('contact person operations against a stubbed API', () => {
	const contactId = { __rl: true, mode: 'id', value: '525765968' };
	const run = runStubbed;

	it('Create: POST to the contact\'s people; the answer gains contact_id', async () => {
		const { output, requests } = await run(
			{ resource: 'contactPerson', operation: 'create', contactId, name: 'Max', surname: 'Mustermann', gender: 'M', additionalFields: { default: true } },
			() => ({ item: { id: 42, name: 'Max', surname: 'Mustermann', gender: 'M', default: true } }),
		);
		expect(requests).toEqual([{ method: 'POST', url: '/contacts/525765968/people', qs: undefined, body: { name: 'Max', surname: 'Mustermann', gender: 'M', default: true } }]);
		expect(output).toEqual([{ json: { id: 42, name: 'Max', surname: 'Mustermann', gender: 'M', default: true, contact_id: 525765968 }, pairedItem: { item: 0 } }]);
	});

	it('Get Many: every page, each person with contact_id; Get, Update and Delete name the person', async () => {
		const many = await run({ resource: 'contactPerson', operation: 'getAll', contactId, returnAll: true }, () => ({ items: [{ id: 1 }, { id: 2 }], pagination: { total: 2 } }));
		expect(many.requests).toEqual([{ method: 'GET', url: '/contacts/525765968/people', qs: { limit: 200, offset: 0 }, body: undefined }]);
		expect(many.output.map((item) => item.json)).toEqual([
			{ id: 1, contact_id: 525765968 },
			{ id: 2, contact_id: 525765968 },
		]);
		const got = await run({ resource: 'contactPerson', operation: 'get', contactId, personId: '42' }, () => ({ item: { id: 42 } }));
		expect(got.requests[0]).toMatchObject({ method: 'GET', url: '/contacts/525765968/people/42' });
		const updated = await run({ resource: 'contactPerson', operation: 'update', contactId, personId: 42, updateFields: { phone: '031 000 00 00' } }, () => ({ item: { id: 42, phone: '031 000 00 00' } }));
		expect(updated.requests).toEqual([{ method: 'PUT', url: '/contacts/525765968/people/42', qs: undefined, body: { phone: '031 000 00 00' } }]);
		expect(updated.output[0].json).toEqual({ id: 42, phone: '031 000 00 00', contact_id: 525765968 });
		const deleted = await run({ resource: 'contactPerson', operation: 'delete', contactId, personId: ' 42 ' }, () => undefined);
		expect(deleted.requests).toEqual([{ method: 'DELETE', url: '/contacts/525765968/people/42', qs: undefined, body: undefined }]);
		expect(deleted.output[0].json).toEqual({ contactId: 525765968, id: 42, deleted: true });
	});

	it('names the field in errors before any request', async () => {
		const never = () => {
			throw new Error('no request expected');
		};
		await expect(run({ resource: 'contactPerson', operation: 'get', contactId, personId: 'abc' }, never)).rejects.toThrow('Contact Person ID must be a SmartBusiness ID (a whole number), not "abc"');
		await expect(run({ resource: 'contactPerson', operation: 'update', contactId, personId: '42', updateFields: {} }, never)).rejects.toThrow('Nothing to update');
		await expect(run({ resource: 'contactPerson', operation: 'create', contactId, name: 'Max', surname: '', gender: 'M' }, never)).rejects.toThrow('Last Name is required for a contact person');
	});
});
