import { describeSmartBusinessError, fieldErrorsOf, scopeFor } from '../../../nodes/SmartBusiness/errors';
import { apiBaseUrl } from '../../../nodes/SmartBusiness/transport';

describe('describeSmartBusinessError', () => {
	it('names every field of a 422 with its problem, using the code when there is no text', () => {
		const described = describeSmartBusinessError({
			status: 422,
			method: 'POST',
			path: '/contacts',
			body: { code: 1000, message: 'Invalid data', meta: { errors: [{ key: 'email', code: 1103, message: 'Invalid email format' }, { key: 'main_address.city', code: 1100 }] } },
		});
		expect(described.message).toBe('SmartBusiness rejected email: Invalid email format (1103); main_address.city: value is required (1100)');
		expect(described.fieldErrors).toEqual([
			{ field: 'email', code: 1103, message: 'Invalid email format' },
			{ field: 'main_address.city', code: 1100, message: 'value is required' },
		]);
	});

	it('says which plan feature a 402 or 403 is about', () => {
		expect(describeSmartBusinessError({ status: 402, method: 'POST', path: '/receivables/invoices', body: { code: 4001, message: 'Limit', meta: { feature: 'documents', limit: 50 } } }).message).toBe(
			"Your SmartBusiness plan's limit is reached: documents (limit 50)",
		);
		expect(describeSmartBusinessError({ status: 403, method: 'GET', path: '/contacts', body: { code: 4000, meta: { feature: 'api', plans: ['Business'] } } }).message).toBe(
			'Your SmartBusiness plan does not include api (available in: Business)',
		);
	});

	it('names the scope a bare 403 may lack', () => {
		const described = describeSmartBusinessError({ status: 403, method: 'GET', path: '/catalog/configuration/units', body: '' });
		// Both official clients give units the scope `configuration`; a transcription says `catalog`.
		expect(described.description).toContain('scope "configuration" (or "catalog")');
	});

	it('explains list-parameter 400s, 404 entity types and 401 OAuth hints', () => {
		// 2101 is an exception-class default the vendor client never throws: the vendor's own text is shown.
		expect(describeSmartBusinessError({ status: 400, method: 'GET', path: '/contacts', body: { code: 2000, message: 'Invalid filter key: email' } }).message).toBe(
			'SmartBusiness refused the request: Invalid filter key: email (code 2000)',
		);
		expect(describeSmartBusinessError({ status: 404, method: 'GET', path: '/contacts/5', body: { code: 3000, message: 'Not found', meta: { entity_type: 'contact' } } }).message).toBe(
			'SmartBusiness found no contact at /contacts/5',
		);
		expect(describeSmartBusinessError({ status: 401, method: 'GET', path: '/contacts', body: { code: 401, message: 'x', meta: { error_type: 'invalid_client', hint: 'bad secret' } } }).message).toBe(
			'SmartBusiness refused the credential (invalid_client: bad secret)',
		);
	});

	it('warns that an unanswered POST may have been carried out', () => {
		expect(describeSmartBusinessError({ code: 'ETIMEDOUT', method: 'POST', path: '/receivables/invoices' }).description).toContain('may have carried it out');
		expect(describeSmartBusinessError({ code: 'ETIMEDOUT', method: 'GET', path: '/contacts' }).description).toContain('also after repeating it');
	});

	it('reads 422 field lists only when they are there', () => {
		expect(fieldErrorsOf('not json')).toEqual([]);
		expect(fieldErrorsOf({ meta: { errors: 'x' } })).toEqual([]);
	});

	it('maps API paths to scopes', () => {
		expect(scopeFor('/receivables/configuration/isrs')).toBe('configuration');
		expect(scopeFor('/receivables/invoices/1/pdf')).toBe('invoice');
		expect(scopeFor('/contacts/1/people')).toBe('contact');
	});
});

describe('transport helpers', () => {
	it('chooses the base URL by product', () => {
		expect(apiBaseUrl({ product: 'smartBusiness' })).toBe('https://api-smartbusiness.postfinance.ch/v2');
		expect(apiBaseUrl({ product: 'smallinvoice' })).toBe('https://api.smallinvoice.com/v2');
		expect(apiBaseUrl({ product: 'custom', baseUrl: ' http://127.0.0.1:9/v2/ ' })).toBe('http://127.0.0.1:9/v2');
	});

});
