import { readFileSync } from 'fs';
import { join } from 'path';
import { canonicalEventType, DOCUMENTED_EVENTS } from '../../../nodes/FundraisingBox/events';
import { customFieldList, withCustomFieldLists } from '../../../nodes/FundraisingBox/toCanonicalEvent';
import { checkWebhookAuth, webhookCredentialProblem } from '../../../nodes/FundraisingBox/trigger/auth';
import { parseWebhookBody } from '../../../nodes/FundraisingBox/trigger/payload';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/fundraisingbox', name));
const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

describe('parseWebhookBody', () => {
	it('tells XML from JSON by the body and unwraps the XML root element', () => {
		const xml = parseWebhookBody(fixture('merge-webhook.xml'));
		expect(xml).toMatchObject({ ok: true, format: 'xml', payload: { fb_donation: { id: 8594118 }, fb_person: { id: 1706519 } } });
		const json = parseWebhookBody(fixture('json-webhook.json'));
		expect(json).toMatchObject({ ok: true, format: 'json', payload: { fb_donation: { id: 8594200 } } });
		expect(parseWebhookBody(Buffer.from('\uFEFF  {"fb_person":{"id":1}}'))).toMatchObject({ ok: true, format: 'json' });
		// The vendor-sample shape, with an XML comment before the root element.
		const sample = parseWebhookBody(fixture('merge-webhook-vendor-sample.xml'));
		expect(sample).toMatchObject({ ok: true, format: 'xml', payload: { fb_donation: { id: 8600001 }, fb_person: { id: 1710001 } } });
	});

	it('refuses what is neither, malformed JSON, non-object JSON and an empty root', () => {
		expect(parseWebhookBody(Buffer.from('amount=1'))).toEqual({ ok: false, reason: 'Body is neither XML nor JSON' });
		expect(parseWebhookBody(Buffer.from('[1,2]'))).toEqual({ ok: false, reason: 'Body is neither XML nor JSON' });
		expect(parseWebhookBody(Buffer.from('{"a":'))).toMatchObject({ ok: false, reason: expect.stringMatching(/^Malformed JSON/) });
		expect(parseWebhookBody(Buffer.from('<fb_transaction/>'))).toMatchObject({ ok: false });
		expect(parseWebhookBody(Buffer.from('<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'))).toMatchObject({ ok: false, reason: expect.stringContaining('DOCTYPE') });
	});
});

describe('parseWebhookBody with prototype names (issue 14)', () => {
	it('keeps a JSON "__proto__" or "constructor" key as an own field and leaves Object.prototype alone', () => {
		const parsed = parseWebhookBody(Buffer.from('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}},"fb_person":{"id":1}}'));
		expect(parsed).toMatchObject({ ok: true, format: 'json' });
		if (!parsed.ok) return;
		expect(Object.hasOwn(parsed.payload, '__proto__')).toBe(true);
		expect(Object.keys(parsed.payload)).toEqual(['__proto__', 'constructor', 'fb_person']);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('unwraps an XML root named like an Object.prototype member, its children on a prototype-free object', () => {
		const parsed = parseWebhookBody(Buffer.from('<toString><valueOf>1</valueOf><fb_person><id type="integer">3</id></fb_person></toString>'));
		expect(parsed).toMatchObject({ ok: true, format: 'xml' });
		if (!parsed.ok) return;
		expect(Object.getPrototypeOf(parsed.payload)).toBeNull();
		expect({ ...parsed.payload }).toEqual({ valueOf: '1', fb_person: expect.objectContaining({ id: 3 }) });
	});

	it('accepts a donor\'s "<!doctype" in CDATA and refuses a DOCTYPE before the root', () => {
		const message = '<fb_transaction><fb_donation><public_message><![CDATA[<!doctype html>]]></public_message></fb_donation></fb_transaction>';
		expect(parseWebhookBody(Buffer.from(message))).toMatchObject({ ok: true, payload: { fb_donation: { public_message: '<!doctype html>' } } });
		expect(parseWebhookBody(Buffer.from(`<!DOCTYPE fb_transaction>${message}`))).toMatchObject({ ok: false, reason: expect.stringContaining('DOCTYPE') });
	});
});

describe('checkWebhookAuth', () => {
	const basicCredential = { method: 'basicAuth' as const, user: 'fb', password: 'long-password' };
	const tokenCredential = { method: 'token' as const, token: 'abcdefghijklmnop1234' };

	it('checks HTTP Basic user and password', () => {
		expect(checkWebhookAuth({ headers: basic('fb', 'long-password') }, basicCredential)).toBeUndefined();
		expect(checkWebhookAuth({ headers: basic('fb', 'other') }, basicCredential)).toMatchObject({ status: 401 });
		expect(checkWebhookAuth({ headers: {} }, basicCredential)).toMatchObject({ status: 401, reason: 'Missing HTTP Basic credentials' });
	});

	it('accepts a token as the Basic user name (any password) or as ?token=', () => {
		expect(checkWebhookAuth({ headers: basic('abcdefghijklmnop1234', '') }, tokenCredential)).toBeUndefined();
		expect(checkWebhookAuth({ headers: basic('abcdefghijklmnop1234', 'X') }, tokenCredential)).toBeUndefined();
		expect(checkWebhookAuth({ headers: {}, query: { token: 'abcdefghijklmnop1234' } }, tokenCredential)).toBeUndefined();
		expect(checkWebhookAuth({ headers: {}, query: { token: 'abcdefghijklmnop123' } }, tokenCredential)).toMatchObject({ status: 401 });
		expect(checkWebhookAuth({ headers: basic('wrong', '') }, tokenCredential)).toMatchObject({ status: 401 });
		expect(checkWebhookAuth({ headers: {} }, tokenCredential)).toMatchObject({ status: 401, reason: 'Missing webhook token' });
	});

	it('fails closed when the credential cannot protect anything', () => {
		expect(checkWebhookAuth({ headers: basic('', '') }, { method: 'basicAuth', user: '', password: '' })).toMatchObject({ status: 401 });
		expect(checkWebhookAuth({ headers: {}, query: { token: 'short' } }, { method: 'token', token: 'short' })).toMatchObject({ status: 401 });
		expect(webhookCredentialProblem({ method: 'token', token: 'short' })).toMatch(/at least 16/);
		expect(webhookCredentialProblem({ method: 'token', token: 'has space and more than 16' })).toMatch(/only letters/);
		expect(webhookCredentialProblem({ method: 'basicAuth', user: 'a:b', password: 'x' })).toMatch(/":"/);
		expect(webhookCredentialProblem(basicCredential)).toBeUndefined();
	});
});

describe('FundraisingBox events', () => {
	it('maps documented events, lets a donation status win, and treats unknown events by their content', () => {
		expect(DOCUMENTED_EVENTS.size).toBe(24);
		expect(canonicalEventType('donation.payment_error', 'confirmed', true)).toBe('payment.failed');
		expect(canonicalEventType('donation.create', 'reversed', true)).toBe('payment.refunded');
		expect(canonicalEventType('recurring_payment.delete', null, false)).toBe('subscription.cancelled');
		expect(canonicalEventType('fundraising_page.goal_reached', null, false)).toBe('other');
		expect(canonicalEventType('', null, true)).toBe('payment.succeeded');
		expect(canonicalEventType('something.new', null, false)).toBe('other');
	});
});

describe('custom fields', () => {
	it('become {id, name, value} lists with string values from any documented shape', () => {
		expect(customFieldList([{ id: '123', name: 'Einsatzgebiet', value: 'Bayern' }, { id: 7, name: 'Datum', value: null }])).toEqual([
			{ id: 123, name: 'Einsatzgebiet', value: 'Bayern' },
			{ id: 7, name: 'Datum', value: '' },
		]);
		expect(customFieldList({ Lieblingsfarbe: 'rot', Zahl: 12 })).toEqual([
			{ id: null, name: 'Lieblingsfarbe', value: 'rot' },
			{ id: null, name: 'Zahl', value: '12' },
		]);
		expect(customFieldList(null)).toEqual([]);
	});

	it('are normalized at the top level (Transaction JSON) and inside every fb_* object', () => {
		const result = withCustomFieldLists({
			fb_donation_custom_fields: [{ id: '1', name: 'a', value: 'x' }],
			fb_person: { id: 1, fb_custom_fields: { b: 'y' } },
		});
		expect(result).toEqual({
			fb_donation_custom_fields: [{ id: 1, name: 'a', value: 'x' }],
			fb_person: { id: 1, fb_custom_fields: [{ id: null, name: 'b', value: 'y' }] },
		});
	});
});
