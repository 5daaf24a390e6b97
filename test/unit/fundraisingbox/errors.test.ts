import {
	describeFundraisingBoxError,
	fieldErrorsOf,
	formatFieldErrors,
	objectOfEndpoint,
} from '../../../nodes/FundraisingBox/errors';
import { restBaseUrl } from '../../../nodes/FundraisingBox/transport';

describe('FundraisingBox error answers', () => {
	it('names each field, code and vendor message of a 400', () => {
		const described = describeFundraisingBoxError({
			statusCode: 400,
			method: 'POST',
			endpoint: '/persons.json',
			body: {
				errors: [
					{ field: 'last_name', code: 'required', message: 'Last name is required' },
					{ field: 'salutation', code: 'invalid', message: '' },
				],
			},
		});
		expect(described.message).toBe('FundraisingBox rejected the request: last_name: required – Last name is required; salutation: invalid');
		expect(described.description).toContain('POST /persons.json');
	});

	it('reads the errors from a body that arrived as text, and global errors', () => {
		const body = JSON.stringify({ errors: [{ field: 'global_error', code: 'invalid_json', message: 'Invalid JSON' }] });
		expect(describeFundraisingBoxError({ statusCode: 400, method: 'PUT', endpoint: '/persons/3.json', body }).message).toBe(
			'FundraisingBox rejected the request: global_error: invalid_json – Invalid JSON',
		);
	});

	it('401: the token was refused', () => {
		expect(describeFundraisingBoxError({ statusCode: 401, method: 'GET', endpoint: '/persons.json', body: 'Unauthorized' }).message).toBe(
			'FundraisingBox refused the API token',
		);
	});

	it('403: the token’s user lacks the rights, for what', () => {
		const describe = (method: string, endpoint: string) => describeFundraisingBoxError({ statusCode: 403, method, endpoint, body: undefined }).message;
		expect(describe('POST', '/persons.json')).toBe("The API token's user lacks the rights for creating persons");
		expect(describe('PUT', '/recurrings/7.json')).toBe("The API token's user lacks the rights for updating recurring payment 7");
		expect(describe('GET', '/donations.json')).toBe("The API token's user lacks the rights for reading donations");
		expect(describe('GET', '/mandates/5.json')).toBe("The API token's user lacks the rights for reading SEPA mandate 5");
	});

	it('404: names the object and its id, or the missing endpoint', () => {
		expect(describeFundraisingBoxError({ statusCode: 404, method: 'GET', endpoint: '/personEmailAddresses/99.json', body: '' }).message).toBe(
			'FundraisingBox person email address 99 not found',
		);
		const list = describeFundraisingBoxError({ statusCode: 404, method: 'GET', endpoint: '/types.json', body: '' });
		expect(list.message).toBe('FundraisingBox has no /types.json endpoint');
		expect(list.description).toContain('API Base URL');
	});

	it('other answers: status, request and a bounded body snippet', () => {
		const described = describeFundraisingBoxError({ statusCode: 500, method: 'GET', endpoint: '/persons.json', body: 'x'.repeat(1000) });
		expect(described.message).toBe('FundraisingBox answered HTTP 500 to GET /persons.json');
		expect(described.description.length).toBeLessThan(320);
		expect(describeFundraisingBoxError({ statusCode: 502, method: 'GET', endpoint: '/persons.json', body: undefined }).description).toBe(
			'The answer had no body.',
		);
	});

	it('helpers', () => {
		expect(fieldErrorsOf('not json')).toEqual([]);
		expect(fieldErrorsOf({ errors: 'nope' })).toEqual([]);
		expect(fieldErrorsOf(null)).toEqual([]);
		expect(formatFieldErrors([{ code: 'invalid' }, {}])).toBe('invalid; error');
		expect(objectOfEndpoint('/recurrings.json')).toEqual({ singular: 'recurring payment', plural: 'recurring payments', id: undefined });
		expect(objectOfEndpoint('/unknown/1.json')).toEqual({ singular: 'unknown', plural: 'unknown', id: '1' });
	});
});

describe('restBaseUrl', () => {
	it('strips trailing slashes and falls back to the public API', () => {
		expect(restBaseUrl('http://127.0.0.1:4000/v1//')).toBe('http://127.0.0.1:4000/v1');
		expect(restBaseUrl('')).toBe('https://api.fundraisingbox.com/v1');
		expect(restBaseUrl(undefined)).toBe('https://api.fundraisingbox.com/v1');
	});
});
