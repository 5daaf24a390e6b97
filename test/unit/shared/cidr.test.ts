import { ipInRanges, parseAllowlist, parseIp } from '../../../nodes/shared/cidr';

const allows = (list: string, ip: string) => ipInRanges(ip, parseAllowlist(list).ranges);

describe('IP allowlist matching', () => {
	it('parses IPv4, IPv6, compressed IPv6, mapped IPv4 and zone ids', () => {
		expect(parseIp('10.0.0.1')).toBe(parseIp('::ffff:10.0.0.1'));
		expect(parseIp('2001:db8::1')).toBe(parseIp('2001:0db8:0:0:0:0:0:1'));
		expect(parseIp('fe80::1%eth0')).toBe(parseIp('fe80::1'));
		expect(parseIp('[::1]')).toBe(1n);
		for (const bad of ['1.2.3', '256.1.1.1', '1.2.3.4.5', '::1::', '2001:db8:::1', 'g::1', '1:2:3:4:5:6:7:8:9', '']) {
			expect(parseIp(bad)).toBeUndefined();
		}
	});

	it('matches single addresses and CIDR ranges of both families', () => {
		expect(allows('203.0.113.7', '203.0.113.7')).toBe(true);
		expect(allows('203.0.113.7', '203.0.113.8')).toBe(false);
		expect(allows('203.0.113.0/24', '203.0.113.255')).toBe(true);
		expect(allows('203.0.113.0/24', '203.0.114.0')).toBe(false);
		expect(allows('2001:db8::/32', '2001:db8:ffff::1')).toBe(true);
		expect(allows('2001:db8::/32', '2001:db9::1')).toBe(false);
		expect(allows('0.0.0.0/0', '8.8.8.8')).toBe(true);
		expect(allows('0.0.0.0/0', '2001:db8::1')).toBe(false);
	});

	it('treats an IPv4-mapped client address (as Node reports it) like the IPv4 address', () => {
		expect(allows('127.0.0.0/8', '::ffff:127.0.0.1')).toBe(true);
		expect(allows('::ffff:127.0.0.1', '127.0.0.1')).toBe(true);
	});

	it('reports invalid entries instead of ignoring them', () => {
		expect(parseAllowlist('10.0.0.0/33, 1.2.3.4, nonsense').invalid).toEqual(['10.0.0.0/33', 'nonsense']);
		expect(parseAllowlist(' 1.2.3.4 ,\n::1 ').ranges).toHaveLength(2);
	});

	it('refuses entries with host bits set, naming the entry and the network it would stand for', () => {
		expect(parseAllowlist('203.0.113.5/0, 10.0.0.1/8, ::ffff:10.0.0.0/8, 2001:db8::1/32').invalid).toEqual([
			'203.0.113.5/0 (host bits set: the network would be 0.0.0.0/0)',
			'10.0.0.1/8 (host bits set: the network would be 10.0.0.0/8)',
			'::ffff:10.0.0.0/8 (host bits set: the network would be ::/8; an IPv6 prefix counts all 128 bits: write the IPv4 range as 10.0.0.0/8 or ::ffff:10.0.0.0/104)',
			'2001:db8::1/32 (host bits set: the network would be 2001:db8::/32)',
		]);
		// None of them is kept: before, 203.0.113.5/0 and ::ffff:10.0.0.0/8 each allowed every IPv4 client.
		expect(parseAllowlist('203.0.113.5/0, ::ffff:10.0.0.0/8').ranges).toEqual([]);
		// Network addresses, single addresses and the IPv6 form of an IPv4 range are fine.
		const valid = parseAllowlist('10.0.0.0/8, 10.0.0.1, 10.0.0.1/32, ::ffff:10.0.0.0/104, 0.0.0.0/0, ::/0, 2001:db8::/32, fe80::1%eth0');
		expect(valid.invalid).toEqual([]);
		expect(allows('::ffff:10.0.0.0/104', '10.200.1.1')).toBe(true);
		expect(allows('::ffff:10.0.0.0/104', '11.0.0.1')).toBe(false);
	});

	it('refuses a missing or unparsable client address', () => {
		expect(allows('0.0.0.0/0', '')).toBe(false);
		expect(ipInRanges(undefined, parseAllowlist('0.0.0.0/0').ranges)).toBe(false);
	});
});
