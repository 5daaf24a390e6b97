import { SmartBusinessOAuth2Api } from '../../../credentials/SmartBusinessOAuth2Api.credentials';

describe('SmartBusiness OAuth2 credential', () => {
	const credential = new SmartBusinessOAuth2Api();
	const scope = credential.properties.find((property) => property.name === 'scope');

	it('asks for the documented scopes: units under configuration (both official clients), profile for the test', () => {
		expect(scope?.default).toBe('profile contact invoice configuration');
		expect(scope?.description).toContain('catalog');
	});

	it('tests the credential with GET /auth/profile, the endpoint of the profile scope', () => {
		expect(credential.test?.request).toMatchObject({ method: 'GET', url: '/auth/profile' });
		expect(String(credential.test?.request.baseURL)).toContain('/v2');
	});
});
