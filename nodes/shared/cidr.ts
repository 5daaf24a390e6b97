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
const ALL_ONES = (1n << 128n) - 1n;

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

/** Parses one allowlist entry: an address or `address/prefix`. */
export function parseRange(entry: string): IpRange | undefined {
	const source = entry.trim();
	const [addressPart, prefixPart, extra] = source.split('/');
	if (extra !== undefined) return undefined;
	const address = parseIp(addressPart);
	if (address === undefined) return undefined;
	const maxPrefix = isV4Mapped(address) && !addressPart.includes(':') ? 32 : 128;
	let prefix = maxPrefix;
	if (prefixPart !== undefined) {
		if (!/^\d{1,3}$/.test(prefixPart) || Number(prefixPart) > maxPrefix) return undefined;
		prefix = Number(prefixPart);
	}
	const prefix128 = maxPrefix === 32 ? prefix + 96 : prefix;
	const mask = prefix128 === 0 ? 0n : (ALL_ONES << BigInt(128 - prefix128)) & ALL_ONES;
	return { source, network: address & mask, prefix: prefix128 };
}

/**
 * Parses a comma-, space- or newline-separated allowlist. Returns the ranges and the entries that
 * are not valid, so that a typo is reported instead of silently allowing or refusing everyone.
 */
export function parseAllowlist(text: string): { ranges: IpRange[]; invalid: string[] } {
	const ranges: IpRange[] = [];
	const invalid: string[] = [];
	for (const entry of text.split(/[\s,;]+/).filter(Boolean)) {
		const range = parseRange(entry);
		if (range) ranges.push(range);
		else invalid.push(entry);
	}
	return { ranges, invalid };
}

export function ipInRanges(ip: string | undefined, ranges: IpRange[]): boolean {
	if (!ip) return false;
	const address = parseIp(ip);
	if (address === undefined) return false;
	return ranges.some((range) => {
		const mask = range.prefix === 0 ? 0n : (ALL_ONES << BigInt(128 - range.prefix)) & ALL_ONES;
		return (address & mask) === range.network;
	});
}
