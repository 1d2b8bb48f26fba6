import { describe, expect, it } from 'vitest';
import { AddressPolicy, embeddedIPv4, parseAllowEntry, refusedRange } from '../../src/feeds/address.ts';

describe('refusedRange', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.7', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fd12:3456::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['2002:7f00:1::1', 'loopback'],
    ['100::1', 'reserved'],
  ])('%s is %s', (address, range) => {
    expect(refusedRange(address)).toBe(range);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    '%s is public',
    (address) => {
      expect(refusedRange(address)).toBeNull();
    },
  );

  it('reads the IPv4 address inside mapped, NAT64 and 6to4 addresses', () => {
    expect(embeddedIPv4('::ffff:1.2.3.4')).toBe('1.2.3.4');
    expect(embeddedIPv4('64:ff9b::102:304')).toBe('1.2.3.4');
    expect(embeddedIPv4('2002:102:304::')).toBe('1.2.3.4');
    expect(embeddedIPv4('2606:4700::1')).toBeNull();
  });
});

describe('parseAllowEntry', () => {
  it('reads hosts, addresses and ranges; refuses the rest', () => {
    expect(parseAllowEntry('127.0.0.1')).toEqual({
      kind: 'range',
      address: '127.0.0.1',
      prefix: 32,
      type: 'ipv4',
    });
    expect(parseAllowEntry('10.0.0.0/8')).toEqual({
      kind: 'range',
      address: '10.0.0.0',
      prefix: 8,
      type: 'ipv4',
    });
    expect(parseAllowEntry('[::1]')).toEqual({ kind: 'range', address: '::1', prefix: 128, type: 'ipv6' });
    expect(parseAllowEntry('Feeds.Intranet.example')).toEqual({
      kind: 'host',
      host: 'feeds.intranet.example',
    });
    for (const bad of ['10.0.0.0/33', '10.0.0.0/x', 'http://a', 'a b', '', '127.1', 'host/8'])
      expect(parseAllowEntry(bad)).toBeNull();
  });
});

describe('AddressPolicy', () => {
  it('refuses what is not public, saying what it expected and what it got', () => {
    expect(new AddressPolicy().refusal('localhost', '127.0.0.1')).toBe(
      'refused: expected a public address, got localhost (127.0.0.1), a loopback address; FEED_ALLOW_HOSTS can allow a host or range',
    );
    expect(new AddressPolicy().refusal('example.org', '93.184.216.34')).toBeNull();
  });

  it('lets through an allowed host name whatever it resolves to, and allowed ranges (mapped forms too)', () => {
    const policy = new AddressPolicy(['intranet.example', '10.0.0.0/8', '127.0.0.1']);
    expect(policy.refusal('INTRANET.example.', '192.168.0.5')).toBeNull();
    expect(policy.refusal('other.example', '10.9.8.7')).toBeNull();
    expect(policy.refusal('::ffff:127.0.0.1', '::ffff:127.0.0.1')).toBeNull();
    expect(policy.refusal('127.0.0.2', '127.0.0.2')).toMatch(/loopback/);
    expect(policy.refusal('other.example', '192.168.0.5')).toMatch(/private/);
  });
});
