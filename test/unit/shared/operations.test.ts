import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { checked, entityOperations, fieldsCollection, requiredAndAdditionalValues, type Entity, type EntityApi } from '../../../nodes/shared/operations';
import { resourceModule, runResourceOperations } from '../../../nodes/shared/resourceModule';

const node = { name: 'Node', type: 'test', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };

/** An execution context whose parameters are the same for every item. */
const context = (parameters: IDataObject, items = 1) =>
	({
		getInputData: () => Array.from({ length: items }, () => ({ json: {} })),
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
		getNode: () => node,
		continueOnFail: () => false,
	}) as unknown as IExecuteFunctions;

const text = (name: string, displayName: string): INodeProperties => ({ displayName, name, type: 'string', default: '' });

const THING: Entity & { path: string } = { noun: 'thing', idName: 'thingId', idDisplayName: 'Thing ID', path: '/things' };

/** A vendor that records what the standard operations ask of it. */
function recordingApi() {
	const calls: unknown[][] = [];
	const api: EntityApi<typeof THING, { sortBy?: string }> = {
		idWord: 'ID',
		idField: (entity, purpose) => ({ ...text(entity.idName, entity.idDisplayName), required: true, description: `The ${entity.noun} to ${purpose}` }),
		readId: (ctx, itemIndex, entity) => String(ctx.getNodeParameter(entity.idName, itemIndex)),
		body: (_entity, values) => ({ formatted: values }),
		async get(entity, id) {
			calls.push(['get', entity.path, id]);
			return { id };
		},
		async list(entity, filters, limit, listing) {
			calls.push(['list', entity.path, filters, limit, listing]);
			return [{ id: 1 }, { id: 2 }];
		},
		async create(entity, body) {
			calls.push(['create', entity.path, body]);
			return { created: true };
		},
		async update(entity, id, body) {
			calls.push(['update', entity.path, id, body]);
			return { updated: true };
		},
		async delete(entity, id) {
			calls.push(['delete', entity.path, id]);
			return { id, deleted: true };
		},
	};
	return { api, calls, operations: entityOperations(api) };
}

describe('resourceModule', () => {
	it('shows each operation’s fields only for its resource and operation, keeping their own conditions', () => {
		const resource = resourceModule({ name: 'Thing', value: 'thing' }, [
			{
				option: { name: 'Get', value: 'get', action: 'Get a thing' },
				properties: [{ ...text('a', 'A'), displayOptions: { show: { mode: ['x'] } } }],
				handler: async () => ({}),
			},
		]);
		expect(resource.properties[0]).toMatchObject({ name: 'operation', displayOptions: { show: { resource: ['thing'] } }, default: 'get' });
		expect(resource.properties[1].displayOptions).toEqual({ show: { mode: ['x'], resource: ['thing'], operation: ['get'] } });
	});
});

describe('entityOperations', () => {
	it('Get: the id field, and the vendor reads the object by the id', async () => {
		const { operations, calls } = recordingApi();
		const get = operations.get(THING);
		expect(get.option).toEqual({ name: 'Get', value: 'get', action: 'Get a thing', description: 'Get one thing by ID' });
		expect(get.properties.map((property) => property.name)).toEqual(['thingId']);
		expect(await get.handler.call(context({ thingId: '7' }), 0)).toEqual({ id: '7' });
		expect(calls).toEqual([['get', '/things', '7']]);
	});

	it('Get Many: Return All, Limit and Filters; the filters, the limit and the listing go to the vendor', async () => {
		const { operations, calls } = recordingApi();
		const getMany = operations.getMany(THING, { filters: [text('q', 'Query')], filterNote: 'note', sortBy: 'name' });
		expect(getMany.option).toMatchObject({ value: 'getAll', action: 'Get many things', description: 'List things, page by page' });
		expect(getMany.properties.map((property) => property.name)).toEqual(['returnAll', 'limit', 'filters']);
		expect(await getMany.handler.call(context({ returnAll: false, limit: 5, filters: { q: 'x' } }), 0)).toEqual([{ id: 1 }, { id: 2 }]);
		expect(await getMany.handler.call(context({ returnAll: true }), 0)).toHaveLength(2);
		expect(calls).toEqual([
			['list', '/things', { q: 'x' }, 5, { sortBy: 'name' }],
			['list', '/things', {}, undefined, { sortBy: 'name' }],
		]);
	});

	it('Get Many without filters has no Filters collection and reads none', async () => {
		const { operations, calls } = recordingApi();
		const getMany = operations.getMany(THING, {});
		expect(getMany.properties.map((property) => property.name)).toEqual(['returnAll', 'limit']);
		await getMany.handler.call(context({ returnAll: true, filters: { q: 'ignored' } }), 0);
		expect(calls[0][2]).toEqual({});
	});

	it('nouns ending in s take -es', () => {
		const { operations } = recordingApi();
		expect(operations.getMany({ ...THING, noun: 'address' }, {}).option.action).toBe('Get many addresses');
	});

	it('Create from Required and Additional Fields: required marked, values formatted by the vendor', async () => {
		const { operations, calls } = recordingApi();
		const create = operations.create(THING, { required: [text('name', 'Name')], additional: [text('b', 'B'), text('a', 'A')] });
		expect(create.properties[0]).toMatchObject({ name: 'name', required: true });
		expect(create.properties[1]).toMatchObject({ name: 'additionalFields', type: 'collection', placeholder: 'Add Field' });
		expect(create.properties[1].options?.map((option) => option.name)).toEqual(['a', 'b']);
		await create.handler.call(context({ name: 'N', additionalFields: { a: '1' } }), 0);
		expect(calls).toEqual([['create', '/things', { formatted: { name: 'N', a: '1' } }]]);
	});

	it('Create without additional fields has no collection; Create with its own body sends that body', async () => {
		const { operations, calls } = recordingApi();
		expect(operations.create(THING, { required: [text('name', 'Name')], additional: [] }).properties).toHaveLength(1);
		const own = operations.create(THING, { fields: [text('x', 'X')], body: (ctx, itemIndex) => ({ x: ctx.getNodeParameter('x', itemIndex) }) });
		expect(own.properties).toEqual([text('x', 'X')]);
		await own.handler.call(context({ x: 'raw' }), 0);
		expect(calls).toEqual([['create', '/things', { x: 'raw' }]]);
	});

	it('Update: an item without fields fails and nothing is sent; otherwise the formatted fields are sent', async () => {
		const { operations, calls } = recordingApi();
		const update = operations.update(THING, { fields: [text('a', 'A')] });
		expect(update.properties.map((property) => property.name)).toEqual(['thingId', 'updateFields']);
		await expect(update.handler.call(context({ thingId: '7', updateFields: {} }), 0)).rejects.toThrow(
			'Nothing to update: add at least one field under "Update Fields"',
		);
		expect(calls).toEqual([]);
		await update.handler.call(context({ thingId: '7', updateFields: { a: '' } }), 0);
		expect(calls).toEqual([['update', '/things', '7', { formatted: { a: '' } }]]);
	});

	it('Delete: the vendor’s item says what was deleted', async () => {
		const { operations } = recordingApi();
		expect(await operations.delete(THING).handler.call(context({ thingId: '7' }), 0)).toEqual({ id: '7', deleted: true });
	});

	it('Update and Delete are refused when the vendor does not offer them', () => {
		const { api } = recordingApi();
		const readOnly = entityOperations({ ...api, update: undefined, delete: undefined });
		expect(() => readOnly.update(THING, { fields: [] })).toThrow('Update is not offered for thing');
		expect(() => readOnly.delete(THING)).toThrow('Delete is not offered for thing');
	});

	it('runs inside a node: items paired with their input', async () => {
		const { operations } = recordingApi();
		const resource = resourceModule({ name: 'Thing', value: 'thing' }, [operations.get(THING)]);
		expect(await runResourceOperations.call(context({ resource: 'thing', operation: 'get', thingId: '3' }, 2), [resource])).toEqual([
			[
				{ json: { id: '3' }, pairedItem: { item: 0 } },
				{ json: { id: '3' }, pairedItem: { item: 1 } },
			],
		]);
	});
});

describe('helpers', () => {
	it('fieldsCollection sorts its fields by display name', () => {
		expect(fieldsCollection('updateFields', 'Update Fields', [text('b', 'Beta'), text('a', 'Alpha')])).toEqual({
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			default: {},
			placeholder: 'Add Field',
			options: [text('a', 'Alpha'), text('b', 'Beta')],
		});
	});

	it('requiredAndAdditionalValues reads Additional Fields only when there are some', () => {
		const ctx = context({ name: 'N', additionalFields: { a: 1 } });
		expect(requiredAndAdditionalValues(ctx, 0, [text('name', 'Name')], [text('a', 'A')])).toEqual({ name: 'N', a: 1 });
		expect(requiredAndAdditionalValues(ctx, 0, [text('name', 'Name')], [])).toEqual({ name: 'N' });
	});

	it('checked turns a plain Error into a NodeOperationError naming the item', () => {
		expect(checked(context({}), 0, () => 42)).toBe(42);
		let thrown: unknown;
		try {
			checked(context({}), 3, () => {
				throw new Error('Amount is not a number');
			});
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(NodeOperationError);
		expect(thrown).toMatchObject({ message: 'Amount is not a number', context: { itemIndex: 3 } });
	});
});
