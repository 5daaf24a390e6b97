import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { fundraisingBoxListAll } from '../../../nodes/FundraisingBox/transport';

/** A context whose list endpoint answers `pages` (1-based) as `{ hasMore, data }`; records each query. */
function listing(pages: IDataObject[][], ignoresPage = false) {
	const queries: IDataObject[] = [];
	const context = {
		getCredentials: async () => ({ baseUrl: 'https://api.fundraisingbox.com/v1' }),
		getNode: () => ({ name: 'FundraisingBox' }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, request: IHttpRequestOptions) => {
				const qs = request.qs as IDataObject;
				queries.push(qs);
				const page = ignoresPage ? 1 : Number(qs.page);
				return { statusCode: 200, body: { hasMore: ignoresPage || page < pages.length, data: pages[page - 1] ?? [] } };
			},
		},
	} as unknown as IExecuteFunctions;
	return { context, queries };
}

describe('fundraisingBoxListAll', () => {
	const at = (id: number, updated_at: string) => ({ id, updated_at });
	const pages = [
		[at(1, '2024-05-01 08:00:00'), at(2, '2024-05-01 10:00:00')],
		[at(3, '2024-05-01 11:00:00'), at(4, '2024-05-01 12:00:00')],
		[at(5, '2024-05-01 13:00:00')],
	];
	const afterNine = (object: IDataObject) => String(object.updated_at) >= '2024-05-01 09:00:00';

	it('counts only the kept objects towards the limit and pages on until it is reached', async () => {
		const { context, queries } = listing(pages);
		const objects = await fundraisingBoxListAll.call(context, '/persons.json', { updated_min: '2024-05-01' }, 2, afterNine);
		expect(objects.map((object) => object.id)).toEqual([2, 3]);
		expect(queries).toEqual([
			{ updated_min: '2024-05-01', page: 1, perPage: 2 },
			{ updated_min: '2024-05-01', page: 2, perPage: 2 },
		]);
	});

	it('with Return All keeps every matching object of every page', async () => {
		const { context, queries } = listing(pages);
		expect((await fundraisingBoxListAll.call(context, '/persons.json', {}, undefined, afterNine)).map((object) => object.id)).toEqual([2, 3, 4, 5]);
		expect(queries.map((query) => query.perPage)).toEqual([100, 100, 100]);
	});

	it('stops with an error naming the list when FundraisingBox ignores `page` and answers page 1 again', async () => {
		const { context, queries } = listing(pages, true);
		await expect(fundraisingBoxListAll.call(context, '/donations.json')).rejects.toThrow(
			'FundraisingBox /donations.json: page 2 repeats the records of page 1; the API ignores paging, so the read stopped.',
		);
		expect(queries).toHaveLength(2);
	});
});
