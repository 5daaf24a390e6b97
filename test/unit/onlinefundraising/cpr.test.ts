import { centuryYear, checkCpr, DATES_WITHOUT_MODULUS_11, modulus11Sum } from '../../../nodes/OnlineFundraising/resources/cpr/cprNumber';

const TODAY = '2026-05-01';

/** The 10th digit that makes the first nine pass modulus 11, or undefined when none does (remainder 10). */
function withCheckDigit(firstNine: string): string | undefined {
	for (let digit = 0; digit <= 9; digit++) if (modulus11Sum(`${firstNine}${digit}`) % 11 === 0) return `${firstNine}${digit}`;
	return undefined;
}

/** A number with the given first nine digits that fails modulus 11. */
function withoutCheckDigit(firstNine: string): string {
	const valid = withCheckDigit(firstNine);
	const last = valid === undefined ? 0 : (Number(valid[9]) + 1) % 10;
	return `${firstNine}${last}`;
}

describe('century rule', () => {
	it.each([
		[0, 0, 1900], [99, 3, 1999], [36, 4, 2036], [37, 4, 1937], [57, 5, 2057], [58, 8, 1858], [99, 6, 1899], [36, 9, 2036], [37, 9, 1937],
	])('year %i with 7th digit %i is %i', (year, digit, expected) => {
		expect(centuryYear(year, digit)).toBe(expected);
	});
});

describe('official birth dates issued without modulus 11', () => {
	it('lists 1 January of the documented years', () => {
		expect(DATES_WITHOUT_MODULUS_11.map((date) => Number(date.slice(0, 4)))).toEqual([
			1960, 1962, 1964, 1965, 1966, 1967, 1969, 1970, 1974, 1975, 1978, 1980, 1981, 1982, 1983, 1984, 1985, 1986, 1987, 1988, 1989,
			1990, 1991, 1992, 1994, 1995,
		]);
	});

	it.each(DATES_WITHOUT_MODULUS_11)('a number without modulus 11 born %s is valid, and says why', (date) => {
		const cpr = withoutCheckDigit(`0101${date.slice(2, 4)}123`);
		const check = checkCpr(cpr, TODAY);
		expect(check).toMatchObject({ valid: true, modulus11: false, birthDate: date });
		expect(check.reason).toContain(`born on ${date}`);
	});

	it.each(['1961', '1963', '1968', '1993', '1996', '2000'])('1 January %s is not on the list', (year) => {
		const digit7 = year.startsWith('2') ? '4' : '1';
		const check = checkCpr(withoutCheckDigit(`0101${year.slice(2)}${digit7}23`), TODAY);
		expect(check).toMatchObject({ valid: false, modulus11: false, birthDate: `${year}-01-01` });
		expect(check.reason).toMatch(/^Modulus 11 check fails/);
	});

	it('only 1 January, and only in the 1900s (010160 with 7th digit 5 is 1860)', () => {
		expect(checkCpr(withoutCheckDigit('020160123'), TODAY).valid).toBe(false);
		expect(checkCpr(withoutCheckDigit('010160523'), TODAY)).toMatchObject({ valid: false, birthDate: '1860-01-01' });
	});

	it('every date in the seed’s test list (sundhed.dk) passes with any four digits', () => {
		for (const prefix of ['010160', '010164', '010165', '010166', '010169', '010170', '010180', '010182', '010184', '010185', '010186', '010187', '010188', '010189', '010190', '010192']) {
			expect(checkCpr(`${prefix}1234`, TODAY).valid).toBe(true);
		}
	});
});

describe('valid numbers (check digit computed)', () => {
	const cases: Array<[string, string, 'male' | 'female']> = [
		['150385123', '1985-03-15', 'male'],
		['290296001', '1996-02-29', 'male'],
		['311299399', '1999-12-31', 'male'],
		['010100400', '2000-01-01', 'male'],
		['240620401', '2020-06-24', 'male'],
		['070737400', '1937-07-07', 'male'],
		['121258501', '1858-12-12', 'male'],
		['121210501', '2010-12-12', 'male'],
		['050590901', '1990-05-05', 'male'],
	];
	it.each(cases)('%s + check digit', (firstNine, birthDate) => {
		let cpr = withCheckDigit(firstNine);
		// A serial whose check digit would be 10 has no valid number; move to the next serial.
		for (let bump = 1; cpr === undefined; bump++) cpr = withCheckDigit(`${firstNine.slice(0, 8)}${(Number(firstNine[8]) + bump) % 10}`);
		const check = checkCpr(cpr, TODAY);
		expect(check).toEqual({ valid: true, reason: null, cpr, birthDate, modulus11: true, sex: Number(cpr[9]) % 2 === 1 ? 'male' : 'female' });
		expect(checkCpr(`${cpr.slice(0, 6)}-${cpr.slice(6)}`, TODAY)).toMatchObject({ valid: true, cpr });
	});

	it('the sex is the parity of the 10th digit', () => {
		for (let serial = 0; serial < 200; serial++) {
			const cpr = withCheckDigit(`070385${String(serial).padStart(3, '0')}`);
			if (cpr) expect(checkCpr(cpr, TODAY).sex).toBe(Number(cpr[9]) % 2 === 1 ? 'male' : 'female');
		}
	});
});

describe('invalid numbers say why', () => {
	it.each([
		['', 'No CPR number given'],
		['   ', 'No CPR number given'],
		['123456789', 'A CPR number is 10 digits'],
		['12345678901', 'A CPR number is 10 digits'],
		['0101-601234', 'A CPR number is 10 digits'],
		['010160 1234', 'A CPR number is 10 digits'],
		['01016O1234', 'A CPR number is 10 digits'],
		['3102851234', '310285 is not a date'],
		['2902971234', '290297 is not a date'],
		['0013851234', '001385 is not a date'],
		['0001851234', '000185 is not a date'],
		['0101305000', 'The birth date 2030-01-01'],
		['0101364000', 'The birth date 2036-01-01'],
	])('%j → %s', (input, reason) => {
		const check = checkCpr(input, TODAY);
		expect(check.valid).toBe(false);
		expect(check.reason).toContain(reason);
	});

	it('a wrong check digit names modulus 11', () => {
		const valid = withCheckDigit('150385123')!;
		const wrong = `${valid.slice(0, 9)}${(Number(valid[9]) + 1) % 10}`;
		expect(checkCpr(wrong, TODAY)).toMatchObject({ valid: false, modulus11: false, birthDate: '1985-03-15' });
	});

	it('the reference’s sample contact 1007059995 is a well-formed date but fails modulus 11', () => {
		expect(checkCpr('1007059995', TODAY)).toEqual({
			valid: false,
			reason: 'Modulus 11 check fails (weighted digit sum 164 is not divisible by 11)',
			cpr: '1007059995',
			birthDate: '2005-07-10',
			sex: 'male',
			modulus11: false,
		});
	});

	it('numbers are accepted as numbers too (a leading zero is lost, so 9 digits fail)', () => {
		expect(checkCpr(1007059995, TODAY).cpr).toBe('1007059995');
		expect(checkCpr(101601234, TODAY).valid).toBe(false);
		expect(checkCpr(undefined, TODAY).reason).toBe('No CPR number given');
	});
});
