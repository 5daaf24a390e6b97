import { decimalString, isTimeZone, text, zonedToIso } from '../../../nodes/shared/canonicalEvent';

describe('canonical event helpers', () => {
	it('reads only strings, finite numbers and booleans as text (a body object with toString: null must not throw)', () => {
		expect(text('  Anna ')).toBe('Anna');
		expect(text(42)).toBe('42');
		expect(text(false)).toBe('false');
		expect(text('   ')).toBeNull();
		expect(text(Number.NaN)).toBeNull();
		expect(text({ toString: null })).toBeNull();
		expect(text(['a', 'b'])).toBeNull();
		expect(text(Object.create(null))).toBeNull();
	});

	it('keeps amounts as decimal strings', () => {
		expect(decimalString('49.00')).toBe('49.00');
		expect(decimalString(' 49 ')).toBe('49');
		expect(decimalString('-12.5')).toBe('-12.5');
		expect(decimalString('+3')).toBe('3');
		expect(decimalString('1,50')).toBe('1.50');
		for (const bad of ['', null, undefined, 'abc', '1e3', '1.2.3']) expect(decimalString(bad)).toBeNull();
	});

	it('turns wall-clock times into ISO 8601 with the zone offset, across DST', () => {
		expect(zonedToIso('2026-08-18 08:41:48', 'Europe/Berlin')).toBe('2026-08-18T08:41:48+02:00');
		expect(zonedToIso('2026-01-18 08:41:48', 'Europe/Berlin')).toBe('2026-01-18T08:41:48+01:00');
		expect(zonedToIso('2026-03-29 03:30:00', 'Europe/Berlin')).toBe('2026-03-29T03:30:00+02:00');
		expect(zonedToIso('2026-08-18', 'Europe/Copenhagen')).toBe('2026-08-18T00:00:00+02:00');
		expect(zonedToIso('2026-08-18 08:41:48', 'UTC')).toBe('2026-08-18T08:41:48+00:00');
		expect(zonedToIso('2026-08-18 08:41:48', 'America/New_York')).toBe('2026-08-18T08:41:48-04:00');
		expect(zonedToIso('yesterday', 'Europe/Berlin')).toBeNull();
	});

	it('knows IANA zone names', () => {
		expect(isTimeZone('Europe/Zurich')).toBe(true);
		expect(isTimeZone('Mars/Olympus')).toBe(false);
	});
});
