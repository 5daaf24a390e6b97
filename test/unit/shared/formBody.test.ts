import { parseFormBody } from '../../../nodes/shared/formBody';

describe('parseFormBody', () => {
	it('decodes like a browser form: plus as space, percent escapes as UTF-8', () => {
		expect(parseFormBody(Buffer.from('a=1+2&b=J%C3%B6rg&c=&d=x%2By'))).toEqual({
			ok: true,
			fields: { a: '1 2', b: 'Jörg', c: '', d: 'x+y' },
		});
	});

	it('refuses a repeated key', () => {
		expect(parseFormBody('a=1&b=2&a=3')).toEqual({ ok: false, reason: 'Repeated form field "a"' });
	});

	it('refuses more fields than the bound', () => {
		expect(parseFormBody('a=1&b=2&c=3', 2)).toMatchObject({ ok: false });
	});

	it('keeps __proto__ as a plain field', () => {
		const result = parseFormBody('__proto__=x&a=1');
		expect(result.ok && Object.getPrototypeOf(result.fields)).toBe(Object.prototype);
		expect(result.ok && result.fields['__proto__']).toBe('x');
	});
});
