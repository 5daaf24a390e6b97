import { apiVersionOf, loginRequest, sessionFromAnswer } from '../../../nodes/SalesforceMapper/login';
import { describeFailure, errorsOf } from '../../../nodes/SalesforceMapper/transport';

describe('Salesforce login requests', () => {
	it('client credentials go to the My Domain token endpoint as a form', () => {
		const request = loginRequest({ loginKind: 'clientCredentials', myDomainUrl: 'https://acme.my.salesforce.com/', clientId: '3MVG9', clientSecret: 's3cret' });
		expect(request).toEqual({
			method: 'POST',
			url: 'https://acme.my.salesforce.com/services/oauth2/token',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
			body: 'grant_type=client_credentials&client_id=3MVG9&client_secret=s3cret',
		});
		expect(() => loginRequest({ loginKind: 'clientCredentials', myDomainUrl: '' })).toThrow(/My Domain URL is required/);
	});

	it('the legacy password flow appends the security token to the password', () => {
		const request = loginRequest({ loginKind: 'password', clientId: 'id', clientSecret: 'sec', username: 'me@example.org', password: 'pa ss', securityToken: 'TOKEN' });
		expect(request.url).toBe('https://login.salesforce.com/services/oauth2/token');
		expect(new URLSearchParams(request.body).get('password')).toBe('pa ssTOKEN');
		expect(new URLSearchParams(request.body).get('username')).toBe('me@example.org');
	});

	it('SOAP login escapes the credentials and stays on an API version that still has login()', () => {
		const request = loginRequest({ loginKind: 'soap', loginUrl: 'https://test.salesforce.com', username: 'a&b@example.org', password: '<pw>', securityToken: 'T', apiVersion: '66.0' });
		expect(request.url).toBe('https://test.salesforce.com/services/Soap/u/64.0');
		expect(request.headers.SOAPAction).toBe('login');
		expect(request.body).toContain('<n1:username>a&amp;b@example.org</n1:username><n1:password>&lt;pw&gt;T</n1:password>');
		expect(loginRequest({ loginKind: 'soap', apiVersion: '58.0' }).url).toBe('https://login.salesforce.com/services/Soap/u/58.0');
	});

	it('API versions below 46.0 are refused (no collections upsert)', () => {
		expect(apiVersionOf({})).toBe('62.0');
		expect(apiVersionOf({ apiVersion: 'v60.0' })).toBe('60.0');
		expect(() => apiVersionOf({ apiVersion: '45.0' })).toThrow(/46.0 or later/);
	});
});

describe('Salesforce login answers', () => {
	it('reads the token and the instance URL', () => {
		const body = JSON.stringify({ access_token: '00Dx!AR8', instance_url: 'https://acme.my.salesforce.com/', token_type: 'Bearer', issued_at: '1678833535086' });
		expect(sessionFromAnswer('clientCredentials', 200, body)).toEqual({ sessionToken: '00Dx!AR8', instanceUrl: 'https://acme.my.salesforce.com' });
	});

	it('says what the documented refusals mean', () => {
		expect(() => sessionFromAnswer('clientCredentials', 400, '{"error":"invalid_grant","error_description":"request not supported on this domain"}')).toThrow(
			'Salesforce refused the login: invalid_grant: request not supported on this domain (client credentials work only on your My Domain URL, not login.salesforce.com)',
		);
		expect(() => sessionFromAnswer('password', 400, '{"error":"invalid_grant","error_description":"authentication failure"}')).toThrow(/check username, password and security token/);
		expect(() => sessionFromAnswer('password', 502, '<html>')).toThrow('Salesforce refused the login: HTTP 502');
	});

	it('reads a SOAP LoginResult and a SOAP fault', () => {
		const result =
			'<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com"><soapenv:Body><loginResponse><result><serverUrl>https://d360.my.salesforce.com/services/Soap/u/46.0/00D3k</serverUrl><sessionId>00D3k!AQEA</sessionId></result></loginResponse></soapenv:Body></soapenv:Envelope>';
		expect(sessionFromAnswer('soap', 200, result)).toEqual({ sessionToken: '00D3k!AQEA', instanceUrl: 'https://d360.my.salesforce.com' });
		const fault =
			'<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>sf:INVALID_LOGIN</faultcode><faultstring>INVALID_LOGIN: Invalid username, password, security token; or user locked out.</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>';
		expect(() => sessionFromAnswer('soap', 500, fault)).toThrow('Salesforce refused the login: INVALID_LOGIN: Invalid username, password, security token; or user locked out.');
	});
});

describe('Salesforce errors', () => {
	it('reads the top-level error list and record errors', () => {
		expect(errorsOf('[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]')).toEqual([{ statusCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' }]);
		expect(errorsOf([{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name]', fields: ['Name'] }])).toEqual([
			{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name]', fields: ['Name'] },
		]);
		expect(errorsOf('')).toEqual([]);
	});

	it('names the daily request limit with the usage Salesforce reports', () => {
		expect(
			describeFailure('PATCH', '/services/data/v62.0/composite/sobjects/Contact/Email', {
				status: 403,
				headers: { 'sforce-limit-info': 'api-usage=15000/15000' },
				body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
			}),
		).toBe("Salesforce's daily API request limit is used up (REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.; api-usage=15000/15000). Writes resume when the 24-hour window allows.");
	});

	it('tells the concurrent-request limit apart by Salesforce’s message (ConcurrentRequests, ConcurrentPerOrgLongTxn)', () => {
		for (const message of ['ConcurrentRequests (Concurrent API Requests) Limit exceeded.', 'ConcurrentPerOrgLongTxn Limit exceeded.']) {
			const text = describeFailure('PATCH', '/services/data/v62.0/composite/sobjects/Contact/Email', {
				status: 403,
				headers: { 'sforce-limit-info': 'api-usage=20/15000' },
				body: [{ message, errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
			});
			expect(text).toContain('too many long-running requests run at the same time');
			expect(text).not.toContain('daily');
		}
	});
});
