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

	it('refuses a missing or unparsable client address', () => {
		expect(allows('0.0.0.0/0', '')).toBe(false);
		expect(ipInRanges(undefined, parseAllowlist('0.0.0.0/0').ranges)).toBe(false);
	});
});
