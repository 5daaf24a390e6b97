import * as fc from 'fast-check';
import { integerOf, objectsIn, ownFields, plainData, scalarOf } from '../../../nodes/FundraisingBox/untrusted';

const HOSTILE = { toString: null, valueOf: null };

describe('reading untrusted webhook values', () => {
	it('scalarOf lets strings, finite numbers and booleans through, nothing else', () => {
		expect([scalarOf('a'), scalarOf(''), scalarOf(0), scalarOf(-2.5), scalarOf(false)]).toEqual(['a', '', 0, -2.5, false]);
		for (const value of [null, undefined, NaN, Infinity, [1, 2], {}, HOSTILE, () => 1, Symbol('s'), 10n]) expect(scalarOf(value)).toBeNull();
	});

	it('integerOf reads numbers and digits up to 2^53, nothing else', () => {
		expect([integerOf(8), integerOf('8'), integerOf(' -12 '), integerOf(String(Number.MAX_SAFE_INTEGER))]).toEqual([8, 8, -12, Number.MAX_SAFE_INTEGER]);
		for (const value of ['8.5', 8.5, '1e3', '', '12345678901234567890', true, [8], HOSTILE, null]) expect(integerOf(value)).toBeNull();
	});

	it('ownFields copies own fields onto an object without a prototype; not-objects are undefined', () => {
		const source = JSON.parse('{"__proto__":{"polluted":1},"constructor":"c","id":1}') as object;
		const fields = ownFields(source);
		expect(Object.getPrototypeOf(fields)).toBeNull();
		expect(fields && Object.keys(fields)).toEqual(['__proto__', 'constructor', 'id']);
		expect(fields?.toString).toBeUndefined();
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		for (const value of [null, undefined, 'x', 1, [1]]) expect(ownFields(value)).toBeUndefined();
	});

	it('objectsIn keeps only the entries that are objects', () => {
		expect(objectsIn([null, 1, 'x', [1], { a: 1 }, HOSTILE]).map((entry) => ({ ...entry }))).toEqual([{ a: 1 }, HOSTILE]);
	});

	it('plainData turns prototype-free trees into plain objects, keys as own fields (even __proto__)', () => {
		const inner = Object.assign(Object.create(null) as Record<string, unknown>, { toString: 't', list: [Object.assign(Object.create(null), { a: 1 })] });
		const tree = Object.create(null) as Record<string, unknown>;
		tree.__proto__ = inner;
		const plain = plainData(tree) as Record<string, Record<string, unknown>>;
		expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
		expect(Object.hasOwn(plain, '__proto__')).toBe(true);
		expect(Object.getPrototypeOf(plain.__proto__)).toBe(Object.prototype);
		expect(JSON.stringify(plain)).toBe('{"__proto__":{"toString":"t","list":[{"a":1}]}}');
	});

	it('never throw and give only scalars, for any JSON value (property)', () => {
		const value = fc.oneof(fc.jsonValue(), fc.constant(HOSTILE), fc.dictionary(fc.constantFrom('toString', 'valueOf', '__proto__'), fc.jsonValue({ maxDepth: 1 })));
		fc.assert(
			fc.property(value, (input) => {
				const parsed: unknown = JSON.parse(JSON.stringify(input) ?? 'null');
				const scalar = scalarOf(parsed);
				expect(scalar === null || ['string', 'number', 'boolean'].includes(typeof scalar)).toBe(true);
				const integer = integerOf(parsed);
				expect(integer === null || Number.isSafeInteger(integer)).toBe(true);
				expect(JSON.stringify(plainData(parsed))).toBe(JSON.stringify(parsed));
			}),
		);
	});
});
