/**
 * Logging in to Salesforce (reference salesforce.md §5), for the Salesforce Mapper's credential:
 * - OAuth 2.0 client credentials against the org's My Domain (recommended: an External Client
 *   App with a Run As user);
 * - legacy: the OAuth 2.0 username-password flow (blocked by default in orgs created since
 *   Summer '23) and SOAP login() with username and password + security token, as Digistore24's
 *   Salesforce connector does (login() is gone from API 65.0 on and retired in Summer '27).
 * Each gives a session token and the instance URL the REST API lives on. Pure request builders and
 * answer parsers; the credential sends the requests.
 */

export type LoginKind = 'clientCredentials' | 'password' | 'soap';

export interface LoginSettings {
	loginKind?: unknown;
	myDomainUrl?: unknown;
	loginUrl?: unknown;
	clientId?: unknown;
	clientSecret?: unknown;
	username?: unknown;
	password?: unknown;
	securityToken?: unknown;
	apiVersion?: unknown;
}

export interface LoginRequest {
	method: 'POST';
	url: string;
	headers: Record<string, string>;
	body: string;
}

export interface Session {
	sessionToken: string;
	instanceUrl: string;
}

/** The last API version that still has SOAP login(). */
export const LAST_SOAP_LOGIN_VERSION = 64;

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

export function apiVersionOf(settings: LoginSettings): string {
	const version = text(settings.apiVersion).replace(/^v/i, '') || '62.0';
	if (!/^\d{2}\.0$/.test(version) || Number(version) < 46) throw new Error(`API Version must be 46.0 or later (e.g. 62.0), not "${version}"`);
	return version;
}

function xmlEscape(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function form(fields: Record<string, string>): string {
	return new URLSearchParams(fields).toString();
}

/** The token or login request for the chosen way of logging in. */
export function loginRequest(settings: LoginSettings): LoginRequest {
	const kind = (text(settings.loginKind) || 'clientCredentials') as LoginKind;
	if (kind === 'clientCredentials') {
		const domain = withoutTrailingSlash(text(settings.myDomainUrl));
		if (!/^https?:\/\//.test(domain)) throw new Error('My Domain URL is required for client credentials, e.g. https://yourorg.my.salesforce.com');
		return {
			method: 'POST',
			url: `${domain}/services/oauth2/token`,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
			body: form({ grant_type: 'client_credentials', client_id: text(settings.clientId), client_secret: text(settings.clientSecret) }),
		};
	}
	const loginUrl = withoutTrailingSlash(text(settings.loginUrl) || 'https://login.salesforce.com');
	// The security token is appended to the password (unless the caller's IP is trusted by the org).
	const password = `${typeof settings.password === 'string' ? settings.password : ''}${text(settings.securityToken)}`;
	if (kind === 'password') {
		return {
			method: 'POST',
			url: `${loginUrl}/services/oauth2/token`,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
			body: form({ grant_type: 'password', client_id: text(settings.clientId), client_secret: text(settings.clientSecret), username: text(settings.username), password }),
		};
	}
	const version = Math.min(Number(apiVersionOf(settings)), LAST_SOAP_LOGIN_VERSION).toFixed(1);
	return {
		method: 'POST',
		url: `${loginUrl}/services/Soap/u/${version}`,
		headers: { 'Content-Type': 'text/xml; charset=UTF-8', SOAPAction: 'login' },
		body:
			'<?xml version="1.0" encoding="utf-8" ?>' +
			'<env:Envelope xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">' +
			'<env:Body><n1:login xmlns:n1="urn:partner.soap.sforce.com">' +
			`<n1:username>${xmlEscape(text(settings.username))}</n1:username><n1:password>${xmlEscape(password)}</n1:password>` +
			'</n1:login></env:Body></env:Envelope>',
	};
}

function xmlElement(xml: string, name: string): string | undefined {
	const match = new RegExp(`<(?:\\w+:)?${name}(?:\\s[^>]*)?>([^<]*)</(?:\\w+:)?${name}>`).exec(xml);
	return match ? match[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&') : undefined;
}

/** The session from a login answer, or an Error with Salesforce's reason. */
export function sessionFromAnswer(kind: LoginKind, status: number, body: string): Session {
	if (kind === 'soap') {
		const sessionToken = xmlElement(body, 'sessionId');
		const serverUrl = xmlElement(body, 'serverUrl');
		if (status === 200 && sessionToken && serverUrl) return { sessionToken, instanceUrl: new URL(serverUrl).origin };
		const fault = xmlElement(body, 'faultstring') ?? `HTTP ${status}`;
		throw new Error(`Salesforce refused the login: ${fault}`);
	}
	let answer: Record<string, unknown> = {};
	try {
		answer = JSON.parse(body) as Record<string, unknown>;
	} catch {
		// not JSON: reported below with the status
	}
	if (status >= 200 && status < 300 && typeof answer.access_token === 'string' && typeof answer.instance_url === 'string') {
		return { sessionToken: answer.access_token, instanceUrl: withoutTrailingSlash(answer.instance_url) };
	}
	const reason = [answer.error, answer.error_description].filter((part) => typeof part === 'string' && part !== '').join(': ') || `HTTP ${status}`;
	throw new Error(`Salesforce refused the login: ${reason}${loginHint(reason)}`);
}

/** What to do about the documented login errors. */
function loginHint(reason: string): string {
	if (reason.includes('request not supported on this domain')) return ' (client credentials work only on your My Domain URL, not login.salesforce.com)';
	if (reason.includes('no client credentials user enabled')) return ' (set a Run As user for the client credentials flow in the app)';
	if (reason.includes('authentication failure')) return ' (check username, password and security token; new orgs block this flow)';
	return '';
}
