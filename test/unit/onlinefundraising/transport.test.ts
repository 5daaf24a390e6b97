import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { listAll } from '../../../nodes/OnlineFundraising/transport';

/** A context whose list endpoint answers `answer(pageNumber, pageSize)`; records each query. */
function listing(answer: (pageNumber: number, pageSize: number) => IDataObject) {
	const queries: IDataObject[] = [];
	const context = {
		getCredentials: async () => ({ baseUrl: 'https://api.example.org' }),
		getNode: () => ({ name: 'OnlineFundraising' }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, request: IHttpRequestOptions) => {
				const qs = request.qs as IDataObject;
				queries.push(qs);
				return { statusCode: 200, body: JSON.stringify(answer(Number(qs.pageNumber), Number(qs.pageSize))) };
			},
		},
	} as unknown as IExecuteFunctions;
	return { context, queries };
}

const entities = (from: number, count: number) => Array.from({ length: count }, (_, index) => ({ guid: `g${from + index}` }));

describe('OnlineFundraising listAll', () => {
	it('pages until a page comes back short', async () => {
		const { context, queries } = listing((pageNumber, pageSize) => ({ pageNumber, pageSize, list: entities((pageNumber - 1) * 50, pageNumber < 3 ? 50 : 7) }));
		expect(await listAll.call(context, '/payments')).toHaveLength(107);
		expect(queries.map((query) => query.pageNumber)).toEqual([1, 2, 3]);
	});

	it('stops with an error naming the list when the API ignores pageNumber (echoes page 1 with the same entities)', async () => {
		const { context, queries } = listing((_pageNumber, pageSize) => ({ pageNumber: 1, pageSize, list: entities(0, 50) }));
		await expect(listAll.call(context, '/payments')).rejects.toThrow('OnlineFundraising /payments: page 2 has the same paging position as page 1');
		expect(queries).toHaveLength(2);
	});

	it('stops when the API echoes each page number but answers the same entities', async () => {
		const { context } = listing((pageNumber, pageSize) => ({ pageNumber, pageSize, list: entities(0, 50) }));
		await expect(listAll.call(context, '/contacts')).rejects.toThrow('OnlineFundraising /contacts: page 2 repeats the records of page 1');
	});

	it('stops after 2,000 pages of 50 (100,000 entities) when the API never ends the list', async () => {
		const { context, queries } = listing((pageNumber, pageSize) => ({ pageNumber, pageSize, list: entities(pageNumber * 50, 50) }));
		await expect(listAll.call(context, '/payments')).rejects.toThrow('OnlineFundraising /payments: stopped after 2000 pages');
		expect(queries).toHaveLength(2001);
	});
});
