import assert from 'node:assert/strict';
import { cityLevel, ipPrefix, pseudonymsOf } from '../../../../src/domain/lake';

describe('pseudonyms: what the lake keeps instead of personal data', () => {
  it('cuts an IPv4 address to its /24 and an IPv6 address to its /48', () => {
    const cases: [string, string | null][] = [
      ['203.0.113.7', '203.0.113.0/24'],
      ['10.1.2.255', '10.1.2.0/24'],
      ['2001:db8:1:2:3:4:5:6', '2001:db8:1::/48'],
      ['2001:0DB8:00a1:ffff::1', '2001:db8:a1::/48'],
      ['2001:db8::1', '2001:db8:0::/48'],
      ['fe80::1%eth0', 'fe80:0:0::/48'],
      ['::1', '0:0:0::/48'],
      ['::ffff:203.0.113.7', '0:0:0::/48'],
      ['not an address', null],
      ['999.1.1.1', null],
      ['', null],
    ];
    for (const [ip, expected] of cases) assert.equal(ipPrefix(ip), expected, ip);
  });

  it('hashes a device id under a key derived from the email key: stable, keyed, and never equal to an email hash', () => {
    const p = pseudonymsOf('key-1');
    assert.match(p.deviceId('d-1'), /^[0-9a-f]{64}$/);
    assert.equal(p.deviceId('d-1'), pseudonymsOf('key-1').deviceId('d-1'), 'the same in every process');
    assert.notEqual(p.deviceId('d-1'), p.deviceId('d-2'));
    assert.notEqual(p.deviceId('d-1'), pseudonymsOf('key-2').deviceId('d-1'), 'the key matters');
    assert.notEqual(p.deviceId('d-1@example.com'), p.email('d-1@example.com'), 'a device id and an email hash apart');
  });

  it('keeps coordinates to a tenth of a degree, about a city', () => {
    assert.equal(cityLevel(40.7128), 40.7);
    assert.equal(cityLevel(-74.006), -74);
    assert.equal(cityLevel(151.2093), 151.2);
    assert.equal(cityLevel(-33.8688), -33.9);
  });
});
