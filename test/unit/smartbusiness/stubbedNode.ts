/**
 * Runs the SmartBusiness node's execute() with the given parameters and one input item, its HTTP
 * calls answered by `answer`; returns the output items and the requests (URL without the API host).
 * For unit tests of operations; the real HTTP path is covered by test/e2e/smartbusiness.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { SmartBusiness } from '../../../nodes/SmartBusiness/SmartBusiness.node';

export async function runStubbed(parameters: IDataObject, answer: (request: IHttpRequestOptions) => unknown) {
	const requests: IHttpRequestOptions[] = [];
	const context = {
		getInputData: () => [{ json: {} }],
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown, options?: { extractValue?: boolean }) => {
			const value = parameters[name] ?? fallback;
			return options?.extractValue && typeof value === 'object' && value !== null && '__rl' in value ? (value as unknown as { value: unknown }).value : value;
		},
		getNode: () => ({ name: 'SmartBusiness', type: 'smartBusiness', typeVersion: 1, position: [0, 0], parameters: {} }),
		continueOnFail: () => false,
		getCredentials: async () => ({ product: 'smartBusiness' }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, request: IHttpRequestOptions) => {
				requests.push(request);
				const value = await answer(request);
				// The transport asks for full answers; a stub that gives only the body gets it wrapped in one.
				const full = typeof value === 'object' && value !== null && 'statusCode' in value;
				return request.returnFullResponse && !full ? { statusCode: 200, headers: {}, body: value } : value;
			},
			prepareBinaryData: async (data: Buffer, fileName: string, mimeType: string) => ({ data: data.toString('base64'), fileName, mimeType }),
		},
	} as unknown as IExecuteFunctions;
	const [output] = await new SmartBusiness().execute.call(context);
	return { output, requests: requests.map((request) => ({ method: request.method, url: String(request.url).replace('https://api-smartbusiness.postfinance.ch/v2', ''), qs: request.qs, body: request.body })) };
}
