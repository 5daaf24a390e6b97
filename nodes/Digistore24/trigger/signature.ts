/**
 * Digistore24's `sha_sign`, ported from the official `digistore_signature()` (sha_sign.php):
 * drop `sha_sign`/`SHASIGN`, sort keys by byte order, skip empty values, concatenate
 * `KEY=VALUE` + passphrase for every pair, SHA-512, upper-case hex. Keys are either used as
 * received (what Digistore24 sends today) or upper-cased, which also changes the sort order.
 * See docs/digistore24.md for the published test vectors this is checked against.
 */
import { createHash } from 'crypto';
import { safeEqual } from '../../shared/constantTime';

export const SIGNATURE_FIELDS = ['sha_sign', 'SHASIGN'] as const;

/** PHP 8's strtoupper: ASCII letters only, whatever the locale. */
function asciiUpper(value: string): string {
	return value.replace(/[a-z]+/g, (letters) => letters.toUpperCase());
}

/** PHP's SORT_STRING: byte order of the UTF-8 encoding (not UTF-16 code units, not locale). */
function compareBytes(a: string, b: string): number {
	return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function digistoreSignature(
	passphrase: string,
	parameters: Record<string, string>,
	uppercaseKeys = false,
): string {
	if (!passphrase) throw new Error('An IPN passphrase is required to compute sha_sign');
	const keys = Object.keys(parameters).filter((key) => key !== 'sha_sign' && key !== 'SHASIGN');
	const sortKey = (key: string) => (uppercaseKeys ? asciiUpper(key) : key);
	keys.sort((a, b) => compareBytes(sortKey(a), sortKey(b)) || compareBytes(a, b));
	const hash = createHash('sha512');
	for (const key of keys) {
		const value = parameters[key];
		if (value === undefined || value === null || value === '') continue;
		hash.update(`${sortKey(key)}=${value}${passphrase}`, 'utf8');
	}
	return hash.digest('hex').toUpperCase();
}

export type SignatureCheck =
	| { valid: true; variant: 'original-keys' | 'uppercase-keys' }
	| { valid: false; reason: string };

/**
 * Verifies a received IPN. Fails closed: no passphrase, no signature or a malformed one is invalid.
 * Both key-case variants are computed and compared in constant time.
 */
export function verifyIpnSignature(passphrase: string, parameters: Record<string, string>): SignatureCheck {
	if (!passphrase) return { valid: false, reason: 'No IPN passphrase set in the credential' };
	const present = SIGNATURE_FIELDS.filter((field) => parameters[field] !== undefined);
	if (present.length === 0) return { valid: false, reason: 'Missing sha_sign' };
	if (present.length > 1) return { valid: false, reason: 'Both sha_sign and SHASIGN present' };
	const received = parameters[present[0]].trim().toUpperCase();
	if (!/^[0-9A-F]{128}$/.test(received)) return { valid: false, reason: 'Malformed sha_sign' };
	const original = safeEqual(received, digistoreSignature(passphrase, parameters, false));
	const uppercase = safeEqual(received, digistoreSignature(passphrase, parameters, true));
	if (original) return { valid: true, variant: 'original-keys' };
	if (uppercase) return { valid: true, variant: 'uppercase-keys' };
	return { valid: false, reason: 'Invalid sha_sign' };
}
