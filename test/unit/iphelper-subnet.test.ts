// iphelper's arithmetic as tables, cross-checked against ipaddr.js.
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import {
  calculateSubnet,
  describeSubnet,
  maskToPrefix,
  parseAddress,
  type SubnetError,
  type SubnetField,
  type SubnetInput,
} from '../../src/plugins/iphelper/subnet.js';

function fieldsOf(input: SubnetInput, lang = 'en'): Record<SubnetField, string> {
  const result = calculateSubnet(input);
  if (!result.ok) throw new Error(`unexpected error ${result.error} for ${JSON.stringify(input)}`);
  return describeSubnet(result.subnet, lang);
}

describe('IPv4 subnets', () => {
  it.each([
    // ip, prefix, network, first, last, broadcast, mask, usable, reverse
    ['192.168.10.77', '26', '192.168.10.64', '192.168.10.65', '192.168.10.126', '192.168.10.127', '255.255.255.192', '62', '10.168.192.in-addr.arpa'],
    ['192.168.1.1', '/24', '192.168.1.0', '192.168.1.1', '192.168.1.254', '192.168.1.255', '255.255.255.0', '254', '1.168.192.in-addr.arpa'],
    ['10.1.2.3', '8', '10.0.0.0', '10.0.0.1', '10.255.255.254', '10.255.255.255', '255.0.0.0', '16,777,214', '10.in-addr.arpa'],
    ['172.16.5.4', '12', '172.16.0.0', '172.16.0.1', '172.31.255.254', '172.31.255.255', '255.240.0.0', '1,048,574', '172.in-addr.arpa'],
    ['8.8.8.8', '0', '0.0.0.0', '0.0.0.1', '255.255.255.254', '255.255.255.255', '0.0.0.0', '4,294,967,294', 'in-addr.arpa'],
    ['192.0.2.9', '30', '192.0.2.8', '192.0.2.9', '192.0.2.10', '192.0.2.11', '255.255.255.252', '2', '2.0.192.in-addr.arpa'],
    ['192.0.2.9', '31', '192.0.2.8', '192.0.2.8', '192.0.2.9', '—', '255.255.255.254', '2', '2.0.192.in-addr.arpa'],
    ['192.0.2.9', '32', '192.0.2.9', '192.0.2.9', '192.0.2.9', '—', '255.255.255.255', '1', '9.2.0.192.in-addr.arpa'],
    ['255.255.255.255', '16', '255.255.0.0', '255.255.0.1', '255.255.255.254', '255.255.255.255', '255.255.0.0', '65,534', '255.255.in-addr.arpa'],
  ])('%s/%s', (ip, prefix, network, first, last, broadcast, mask, usable, reverse) => {
    expect(fieldsOf({ ip, prefix })).toEqual({ network, first, last, broadcast, mask, cidr: `${network}/${prefix.replace('/', '')}`, usable, reverse });
  });

  it.each([
    ['255.255.255.0', 24],
    ['255.255.255.255', 32],
    ['0.0.0.0', 0],
    ['255.255.128.0', 17],
    ['255.0.255.0', null],
    ['0.0.0.255', null],
    ['255.255.255.1', null],
    ['256.0.0.0', null],
  ])('mask %s is /%s', (mask, prefix) => {
    expect(maskToPrefix(mask)).toBe(prefix);
    if (prefix !== null) expect(ipaddr.IPv4.parse(mask).prefixLengthFromSubnetMask()).toBe(prefix);
  });

  it('takes a dotted mask in place of a prefix, in either field or after the slash', () => {
    const byPrefix = fieldsOf({ ip: '10.20.30.40', prefix: '22' });
    expect(fieldsOf({ ip: '10.20.30.40', mask: '255.255.252.0' })).toEqual(byPrefix);
    expect(fieldsOf({ ip: '10.20.30.40', prefix: '255.255.252.0' })).toEqual(byPrefix);
    expect(fieldsOf({ ip: '10.20.30.40/255.255.252.0' })).toEqual(byPrefix);
    expect(fieldsOf({ ip: ' 10.20.30.40/22 ' })).toEqual(byPrefix);
    expect(fieldsOf({ ip: '10.20.30.40/22', prefix: '/22', mask: '255.255.252.0' })).toEqual(byPrefix);
  });

  it('formats the usable count in the reader’s language', () => {
    expect(fieldsOf({ ip: '10.0.0.0', prefix: '8' }, 'fr').usable).toBe(new Intl.NumberFormat('fr').format(16_777_214));
  });
});

describe('IPv6 subnets', () => {
  it.each([
    // ip, prefix, network, last, usable, reverse
    ['2001:db8:abcd:12::1', '64', '2001:db8:abcd:12::', '2001:db8:abcd:12:ffff:ffff:ffff:ffff', '18,446,744,073,709,551,616', '2.1.0.0.d.c.b.a.8.b.d.0.1.0.0.2.ip6.arpa'],
    ['2001:0DB8:0000:0000:0000:0000:0000:0001', '48', '2001:db8::', '2001:db8:0:ffff:ffff:ffff:ffff:ffff', '1,208,925,819,614,629,174,706,176', '0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa'],
    ['2001:db8::7', '127', '2001:db8::6', '2001:db8::7', '2', '0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa'],
    ['2001:db8::7', '128', '2001:db8::7', '2001:db8::7', '1', '7.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa'],
    ['::1', '0', '::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '340,282,366,920,938,463,463,374,607,431,768,211,456', 'ip6.arpa'],
    ['fe80::1:2', '10', 'fe80::', 'febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '332,306,998,946,228,968,225,951,765,070,086,144', 'e.f.ip6.arpa'],
    ['::ffff:192.168.10.77', '122', '::ffff:192.168.10.64', '::ffff:192.168.10.127', '64', 'a.0.8.a.0.c.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa'],
    ['1:0:0:1:0:0:0:1', '128', '1:0:0:1::1', '1:0:0:1::1', '1', '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.ip6.arpa'],
  ])('%s/%s', (ip, prefix, network, last, usable, reverse) => {
    expect(fieldsOf({ ip, prefix })).toEqual({
      network,
      first: network,
      last,
      broadcast: '—',
      mask: `/${prefix}`,
      cidr: `${network}/${prefix}`,
      usable,
      reverse,
    });
  });

  it.each(['::', '::1', '1::', '2001:db8::', 'a:b:c:d:e:f:1:2', '2001:db8:0:0:1:0:0:1', '::ffff:10.0.0.1', '64:ff9b::192.0.2.33', 'FE80::ABCD'])(
    'parses %s as ipaddr.js does',
    (text) => {
      const parsed = parseAddress(text);
      expect(parsed?.family).toBe(6);
      const expected = ipaddr.IPv6.parse(text).parts.reduce((value, part) => (value << 16n) | BigInt(part), 0n);
      expect(parsed?.value).toBe(expected);
    },
  );

  it('reads ::a.b.c.d as the IPv4-compatible address it is (ipaddr.js takes it for a mapped one)', () => {
    expect(parseAddress('::10.0.0.1')).toEqual({ family: 6, value: 0x0a000001n });
  });

  it.each(['1:2:3:4:5:6:7:8:9', '1::2::3', ':1:2:3:4:5:6:7', '1:2:3:4:5:6:7:', '12345::', 'fe80::1%eth0', '::ffff:300.1.1.1', 'g::1', '1:2:3:4:5:6:7:8::'])(
    'refuses %s',
    (text) => {
      expect(parseAddress(text)).toBeNull();
    },
  );
});

describe('invalid input gets an error code, never an exception', () => {
  it.each<[SubnetInput, SubnetError, 'ip' | 'prefix']>([
    [{ ip: '' }, 'empty', 'ip'],
    [{ ip: '   ', prefix: '24' }, 'empty', 'ip'],
    [{ ip: '192.168.1', prefix: '24' }, 'address', 'ip'],
    [{ ip: '192.168.1.256', prefix: '24' }, 'address', 'ip'],
    [{ ip: '192.168.01.1', prefix: '24' }, 'address', 'ip'],
    [{ ip: 'example.org', prefix: '24' }, 'address', 'ip'],
    [{ ip: '10.0.0.1', prefix: '33' }, 'prefix', 'prefix'],
    [{ ip: '10.0.0.1', prefix: '-1' }, 'prefix', 'prefix'],
    [{ ip: '10.0.0.1', prefix: 'abc' }, 'prefix', 'prefix'],
    [{ ip: '2001:db8::', prefix: '129' }, 'prefix', 'prefix'],
    [{ ip: '10.0.0.1' }, 'prefixMissing', 'prefix'],
    [{ ip: '10.0.0.1', mask: '255.0.255.0' }, 'mask', 'prefix'],
    [{ ip: '10.0.0.1', mask: '24' }, 'mask', 'prefix'],
    [{ ip: '10.0.0.1', prefix: '255.255.0.255' }, 'mask', 'prefix'],
    [{ ip: '2001:db8::', mask: '255.255.255.0' }, 'maskFamily', 'prefix'],
    [{ ip: '10.0.0.1', prefix: '24', mask: '255.255.0.0' }, 'conflict', 'prefix'],
    [{ ip: '10.0.0.1/16', prefix: '24' }, 'conflict', 'prefix'],
    [{ ip: '10.0.0.1/', prefix: '' }, 'prefix', 'prefix'],
  ])('%j → %s', (input, error, field) => {
    expect(calculateSubnet(input)).toMatchObject({ ok: false, error, field });
  });

  it('names the largest prefix of the address family', () => {
    expect(calculateSubnet({ ip: '::1', prefix: '200' })).toMatchObject({ max: 128 });
    expect(calculateSubnet({ ip: '10.0.0.1', prefix: '40' })).toMatchObject({ max: 32 });
  });
});

describe('cross-check with ipaddr.js over many subnets', () => {
  const v4 = ['0.0.0.0', '1.2.3.4', '10.11.12.13', '172.31.255.254', '192.168.10.77', '203.0.113.200', '255.255.255.255'];
  const v6 = ['::', '::1', '2001:db8:1234:5678:9abc:def0:1234:5678', 'fe80::dead:beef', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '::ffff:192.0.2.1'];

  it.each(v4)('IPv4 %s at every prefix', (ip) => {
    for (let prefix = 0; prefix <= 32; prefix++) {
      const fields = fieldsOf({ ip, prefix: String(prefix) });
      const cidr = `${ip}/${prefix}`;
      expect(fields.network).toBe(ipaddr.IPv4.networkAddressFromCIDR(cidr).toString());
      expect(fields.mask).toBe(ipaddr.IPv4.subnetMaskFromPrefixLength(prefix).toString());
      if (prefix <= 30) expect(fields.broadcast).toBe(ipaddr.IPv4.broadcastAddressFromCIDR(cidr).toString());
      if (prefix === 31) expect(fields.last).toBe(ipaddr.IPv4.broadcastAddressFromCIDR(cidr).toString());
      const size = 2 ** (32 - prefix);
      const usable = prefix === 32 ? 1 : prefix === 31 ? 2 : size - 2;
      expect(fields.usable).toBe(usable.toLocaleString('en'));
    }
  });

  it.each(v6)('IPv6 %s at every prefix', (ip) => {
    for (let prefix = 0; prefix <= 128; prefix++) {
      const fields = fieldsOf({ ip, prefix: String(prefix) });
      const cidr = `${ip}/${prefix}`;
      expect(ipaddr.IPv6.parse(fields.network).toRFC5952String()).toBe(ipaddr.IPv6.networkAddressFromCIDR(cidr).toRFC5952String());
      expect(ipaddr.IPv6.parse(fields.last).toRFC5952String()).toBe(ipaddr.IPv6.broadcastAddressFromCIDR(cidr).toRFC5952String());
      expect(fields.usable).toBe((2n ** BigInt(128 - prefix)).toLocaleString('en'));
      expect(fields.reverse.split('.').length).toBe(Math.floor(prefix / 4) + 2);
    }
  });

  it('writes compressed forms as RFC 5952 does', () => {
    for (const text of ['2001:db8:0:0:1:0:0:1', '2001:0:0:1:0:0:0:1', '1:0:0:0:1:0:0:0', 'fe80:0:0:0:0:0:0:1', '0:0:0:0:0:0:0:0']) {
      expect(fieldsOf({ ip: text, prefix: '128' }).network).toBe(ipaddr.IPv6.parse(text).toRFC5952String());
    }
  });
});
