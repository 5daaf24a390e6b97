/**
 * Danish CPR number (OnlineFundraising's `nationalId`) check, from the CPR office's rules
 * (reference B.7): `DDMMYY-SSSS`, the century from the year and the 7th digit, the sex from the
 * 10th digit, and modulus 11 with weights 4 3 2 7 6 5 4 3 2 1. Since 2007 numbers without modulus 11
 * are issued for some birth dates; they are fully valid, so a number born on one of the listed dates
 * passes without it.
 */

export interface CprCheck {
	valid: boolean;
	/** Why the number fails, or how it passes without modulus 11; null for a plain valid number. */
	reason: string | null;
	/** The digits without the dash, or null if there are not 10 of them. */
	cpr: string | null;
	/** YYYY-MM-DD, or null when the digits give no real date. */
	birthDate: string | null;
	sex: 'male' | 'female' | null;
	/** Whether the weighted digit sum is divisible by 11 (null when not 10 digits). */
	modulus11: boolean | null;
}

const WEIGHTS = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];

/**
 * Years whose 1 January has numbers without modulus 11 (cpr.dk "Personnumre uden kontrolciffer",
 * table updated 2023-05-10). The office says the list is not necessarily complete.
 */
export const DATES_WITHOUT_MODULUS_11: readonly string[] = [
	1960, 1962, 1964, 1965, 1966, 1967, 1969, 1970, 1974, 1975, 1978, 1980, 1981, 1982, 1983, 1984, 1985, 1986, 1987, 1988, 1989,
	1990, 1991, 1992, 1994, 1995,
].map((year) => `${year}-01-01`);

/** The full year from the two-digit year and the 7th digit (the first of the serial number). */
export function centuryYear(twoDigitYear: number, seventhDigit: number): number {
	if (seventhDigit <= 3) return 1900 + twoDigitYear;
	if (seventhDigit === 4 || seventhDigit === 9) return (twoDigitYear <= 36 ? 2000 : 1900) + twoDigitYear;
	return (twoDigitYear <= 57 ? 2000 : 1800) + twoDigitYear;
}

export function modulus11Sum(digits: string): number {
	return [...digits].reduce((sum, digit, index) => sum + Number(digit) * WEIGHTS[index], 0);
}

function realDate(year: number, month: number, day: number): string | null {
	const date = new Date(Date.UTC(year, month - 1, day));
	if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
	return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Checks a CPR number (`DDMMYYSSSS` or `DDMMYY-SSSS`); `today` (YYYY-MM-DD) bounds the birth date. */
export function checkCpr(input: unknown, today = new Date().toISOString().slice(0, 10)): CprCheck {
	const text = typeof input === 'string' || typeof input === 'number' ? String(input).trim() : '';
	const cpr = /^\d{6}-?\d{4}$/.test(text) ? text.replace('-', '') : null;
	if (cpr === null) {
		const reason = text === '' ? 'No CPR number given' : `A CPR number is 10 digits (DDMMYYSSSS, optionally DDMMYY-SSSS), not "${text}"`;
		return { valid: false, reason, cpr: null, birthDate: null, sex: null, modulus11: null };
	}
	const modulus11 = modulus11Sum(cpr) % 11 === 0;
	const sex = Number(cpr[9]) % 2 === 1 ? 'male' : 'female';
	const [day, month, year] = [cpr.slice(0, 2), cpr.slice(2, 4), cpr.slice(4, 6)].map(Number);
	const birthDate = realDate(centuryYear(year, Number(cpr[6])), month, day);
	const result = { cpr, birthDate, sex, modulus11 } as const;
	if (birthDate === null) {
		return { ...result, valid: false, reason: `${cpr.slice(0, 6)} is not a date (DDMMYY): day ${cpr.slice(0, 2)}, month ${cpr.slice(2, 4)}` };
	}
	if (birthDate > today) return { ...result, valid: false, reason: `The birth date ${birthDate} (century from the 7th digit) is in the future` };
	if (modulus11) return { ...result, valid: true, reason: null };
	if (DATES_WITHOUT_MODULUS_11.includes(birthDate)) {
		return { ...result, valid: true, reason: `No modulus 11, which is valid: numbers without it are issued for people born on ${birthDate}` };
	}
	return { ...result, valid: false, reason: `Modulus 11 check fails (weighted digit sum ${modulus11Sum(cpr)} is not divisible by 11)` };
}
