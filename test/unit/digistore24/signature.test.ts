import { createHash } from 'crypto';
import * as fc from 'fast-check';
import { readFileSync } from 'fs';
import { join } from 'path';
import { digistoreSignature, verifyIpnSignature } from '../../../nodes/Digistore24/trigger/signature';

const fixtures = join(__dirname, '../../fixtures/digistore24');
const published = JSON.parse(readFileSync(join(fixtures, 'vectors.json'), 'utf8')) as {
	passphrase: string;
	vectors: Array<{ name: string; params?: Record<string, string>; paramsFile?: string; uppercaseKeys?: boolean; expected: string }>;
};
const paramsOf = (vector: (typeof published.vectors)[number]) =>
	vector.params ?? (JSON.parse(readFileSync(join(fixtures, vector.paramsFile!), 'utf8')) as Record<string, string>);

describe('digistoreSignature: every vector Digistore24 publishes', () => {
	it.each(published.vectors.map((vector) => [vector.name, vector]))('%s', (_name, vector) => {
		expect(digistoreSignature(published.passphrase, paramsOf(vector), vector.uppercaseKeys === true)).toBe(vector.expected);
	});

	it('accepts each vector as a received IPN (original or upper-case key variant)', () => {
		for (const vector of published.vectors) {
			const params = { ...paramsOf(vector), sha_sign: vector.expected };
			expect(verifyIpnSignature(published.passphrase, params)).toEqual({
				valid: true,
				variant: vector.uppercaseKeys ? 'uppercase-keys' : 'original-keys',
			});
		}
	});
});

describe('verifyIpnSignature fails closed', () => {
	const params = { order_id: 'ORD-1', product_id: '42' };
	const signed = { ...params, sha_sign: digistoreSignature('pass', params) };

	it('refuses without passphrase, without signature, with a malformed or wrong one', () => {
		expect(verifyIpnSignature('', signed)).toMatchObject({ valid: false });
		expect(verifyIpnSignature('pass', params)).toEqual({ valid: false, reason: 'Missing sha_sign' });
		expect(verifyIpnSignature('pass', { ...params, sha_sign: 'abc' })).toEqual({ valid: false, reason: 'Malformed sha_sign' });
		expect(verifyIpnSignature('other', signed)).toEqual({ valid: false, reason: 'Invalid sha_sign' });
		expect(verifyIpnSignature('pass', { ...signed, SHASIGN: signed.sha_sign })).toMatchObject({ valid: false });
	});

	it('accepts the signature in lower case and under SHASIGN', () => {
		expect(verifyIpnSignature('pass', { ...params, sha_sign: signed.sha_sign.toLowerCase() })).toMatchObject({ valid: true });
		expect(verifyIpnSignature('pass', { ...params, SHASIGN: signed.sha_sign })).toMatchObject({ valid: true });
	});

	it('sorts by UTF-8 bytes like PHP, not by UTF-16 code units', () => {
		// U+FF21 (EF BC A1 in UTF-8) sorts after U+1F600 (F0 9F 98 80) in UTF-16 but before it in bytes.
		const unicodeKeys = { '\u{1F600}': 'a', '\uFF21': 'b' };
		const expectedString = '\uFF21=bp\u{1F600}=ap';
		expect(digistoreSignature('p', unicodeKeys)).toBe(createHash('sha512').update(expectedString, 'utf8').digest('hex').toUpperCase());
	});
});

describe('properties', () => {
	const key = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,15}$/).filter((k) => k !== 'sha_sign' && k !== 'SHASIGN');
	const value = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 });
	const params = fc.dictionary(key, value, { minKeys: 1, maxKeys: 12 });
	const passphrase = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 });

	it('sign then verify round-trips for arbitrary keys and UTF-8 values, in both key cases', () => {
		fc.assert(
			fc.property(params, passphrase, fc.boolean(), (fields, pass, upper) => {
				const signed = { ...fields, sha_sign: digistoreSignature(pass, fields, upper) };
				return verifyIpnSignature(pass, signed).valid;
			}),
		);
	});

	it('refuses any one-character change of a signed value', () => {
		fc.assert(
			fc.property(params, passphrase, fc.nat(), fc.nat(), fc.string({ minLength: 1, maxLength: 1 }), (fields, pass, k, pos, ch) => {
				const keys = Object.keys(fields);
				const target = keys[k % keys.length];
				const chars = [...fields[target]];
				const at = pos % chars.length;
				fc.pre(chars[at] !== ch);
				chars[at] = ch;
				const tampered = { ...fields, [target]: chars.join(''), sha_sign: digistoreSignature(pass, fields) };
				return !verifyIpnSignature(pass, tampered).valid;
			}),
		);
	});

	it('refuses any one-character change of the signature', () => {
		fc.assert(
			fc.property(params, passphrase, fc.nat(127), fc.constantFrom(...'0123456789ABCDEF'), (fields, pass, at, ch) => {
				const signature = digistoreSignature(pass, fields);
				fc.pre(signature[at] !== ch);
				const flipped = signature.slice(0, at) + ch + signature.slice(at + 1);
				return !verifyIpnSignature(pass, { ...fields, sha_sign: flipped }).valid;
			}),
		);
	});
});
