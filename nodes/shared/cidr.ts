/**
 * IPv4/IPv6 address and CIDR matching for webhook IP allowlists. Community nodes may not import
 * `node:net`, so this is a small parser of its own: addresses become 128-bit BigInts (IPv4 as
 * IPv4-mapped IPv6), and a range is a prefix mask over them.
 */

export interface IpRange {
	/** The entry as the user wrote it, for messages. */
	source: string;
	network: bigint;
	prefix: number;
}

const V4_MAPPED = 0xffffn << 32n;

/** The first `prefix` of `width` bits set. */
function prefixMask(prefix: number, width = 128): bigint {
	const allOnes = (1n << BigInt(width)) - 1n;
	return prefix === 0 ? 0n : (allOnes << BigInt(width - prefix)) & allOnes;
}

function parseIpv4(text: string): bigint | undefined {
	const parts = text.split('.');
	if (parts.length !== 4) return undefined;
	let value = 0n;
	for (const part of parts) {
		if (!/^\d{1,3}$/.test(part)) return undefined;
		const octet = Number(part);
		if (octet > 255) return undefined;
		value = (value << 8n) | BigInt(octet);
	}
	return value;
}

function parseIpv6(text: string): bigint | undefined {
	let head = text;
	let tailV4: bigint | undefined;
	const lastColon = head.lastIndexOf(':');
	if (head.includes('.', lastColon)) {
		tailV4 = parseIpv4(head.slice(lastColon + 1));
		if (tailV4 === undefined) return undefined;
		head = head.slice(0, lastColon + 1) + '0:0';
	}
	const halves = head.split('::');
	if (halves.length > 2) return undefined;
	const groupsOf = (part: string) => (part === '' ? [] : part.split(':'));
	const left = groupsOf(halves[0]);
	const right = halves.length === 2 ? groupsOf(halves[1]) : [];
	const missing = 8 - left.length - right.length;
	if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
	const groups = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
	let value = 0n;
	for (const group of groups) {
		if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
		value = (value << 16n) | BigInt(parseInt(group, 16));
	}
	if (tailV4 !== undefined) value = (value & ~0xffffffffn) | tailV4;
	return value;
}

/** Parses an IPv4 or IPv6 address (zone ids and brackets allowed) into a 128-bit value. */
export function parseIp(text: string): bigint | undefined {
	let address = text.trim();
	if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
	const zone = address.indexOf('%');
	if (zone !== -1) address = address.slice(0, zone);
	if (!address.includes(':')) {
		const v4 = parseIpv4(address);
		return v4 === undefined ? undefined : V4_MAPPED | v4;
	}
	return parseIpv6(address);
}

function isV4Mapped(value: bigint): boolean {
	return value >> 32n === 0xffffn;
}

/** An IPv4 value (the low 32 bits) in dotted form. */
function formatIpv4(value: bigint): string {
	return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

/** A 128-bit value in the compressed IPv6 form (longest run of zero groups as `::`). */
function formatIpv6(value: bigint): string {
	const groups = Array.from({ length: 8 }, (_, index) => Number((value >> BigInt(112 - 16 * index)) & 0xffffn).toString(16));
	let runStart = -1;
	let runLength = 0;
	for (let start = 0; start < 8; start++) {
		let length = 0;
		while (start + length < 8 && groups[start + length] === '0') length++;
		if (length > runLength && length > 1) [runStart, runLength] = [start, length];
	}
	if (runStart === -1) return groups.join(':');
	return `${groups.slice(0, runStart).join(':')}::${groups.slice(runStart + runLength).join(':')}`;
}

type ParsedEntry = { range: IpRange } | { problem: string };

/**
 * One allowlist entry: an address or `address/prefix`. An address with bits set after the prefix
 * (`10.0.0.1/8`, `203.0.113.5/0`) is refused rather than rounded down to its network: the writer
 * meant something narrower than what it would allow (`203.0.113.5/0` allows every IPv4 client, and
 * `::ffff:10.0.0.0/8` every IPv4 client too, since an IPv6 prefix counts all 128 bits).
 */
function parseEntry(entry: string): ParsedEntry {
	const source = entry.trim();
	const invalid = { problem: source };
	const [addressPart, prefixPart, extra] = source.split('/');
	if (extra !== undefined) return invalid;
	const address = parseIp(addressPart);
	if (address === undefined) return invalid;
	const isV4 = isV4Mapped(address) && !addressPart.includes(':');
	const maxPrefix = isV4 ? 32 : 128;
	let prefix = maxPrefix;
	if (prefixPart !== undefined) {
		if (!/^\d{1,3}$/.test(prefixPart) || Number(prefixPart) > maxPrefix) return invalid;
		prefix = Number(prefixPart);
	}
	const prefix128 = isV4 ? prefix + 96 : prefix;
	const network = address & prefixMask(prefix128);
	if (network !== address) {
		const written = isV4 ? formatIpv4(network) : formatIpv6(network);
		let mappedHint = '';
		if (!isV4 && isV4Mapped(address) && prefix <= 32) {
			const v4Network = formatIpv4(address & prefixMask(prefix, 32));
			mappedHint = `; an IPv6 prefix counts all 128 bits: write the IPv4 range as ${v4Network}/${prefix} or ::ffff:${v4Network}/${prefix + 96}`;
		}
		return { problem: `${source} (host bits set: the network would be ${written}/${prefix}${mappedHint})` };
	}
	return { range: { source, network, prefix: prefix128 } };
}

/**
 * Parses a comma-, space- or newline-separated allowlist. Returns the ranges and the entries that
 * are not valid (with host bits set: also the network they would stand for), so that a typo is
 * reported instead of silently allowing or refusing everyone.
 */
export function parseAllowlist(text: string): { ranges: IpRange[]; invalid: string[] } {
	const ranges: IpRange[] = [];
	const invalid: string[] = [];
	for (const entry of text.split(/[\s,;]+/).filter(Boolean)) {
		const parsed = parseEntry(entry);
		if ('range' in parsed) ranges.push(parsed.range);
		else invalid.push(parsed.problem);
	}
	return { ranges, invalid };
}

export function ipInRanges(ip: string | undefined, ranges: IpRange[]): boolean {
	if (!ip) return false;
	const address = parseIp(ip);
	if (address === undefined) return false;
	return ranges.some((range) => (address & prefixMask(range.prefix)) === range.network);
}
