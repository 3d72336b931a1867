import { nestedDeeperThan } from '../../src/http/json-body.js';
import { parseKnownAt } from '../../src/http/known-at.js';
import { canonicalAddress, clientOf, isSpecialAddress } from '../../src/net/addresses.js';
import { parseNetwork } from '../../src/net/networks.js';
import { TargetPolicy } from '../../src/webhooks/target-policy.js';

describe('knownAt', () => {
  it.each([
    ['2025-03-01', '2025-03-01T00:00:00.000Z'],
    ['2025-03-01T12:30:00Z', '2025-03-01T12:30:00.000Z'],
    ['2025-03-01T12:30Z', '2025-03-01T12:30:00.000Z'],
    ['2025-03-01T12:30:00.123+01:00', '2025-03-01T11:30:00.123Z'],
  ])('reads %s', (raw, instant) => expect(parseKnownAt(raw)).toBe(instant));

  it.each([
    '2025-W01',
    '2025-W01-1',
    '2025-001',
    '20250101T000000Z',
    '20250101',
    '2025-02-30',
    '2025-13-01',
    '2025-01-01T25:00:00Z',
    '2025-01-01T10:00:00',
    'yesterday',
    '',
    '2025',
  ])('refuses %j', (raw) => expect(parseKnownAt(raw)).toBeUndefined());
});

describe('JSON depth', () => {
  it('counts objects and arrays, not brackets inside strings', () => {
    expect(nestedDeeperThan('{"a":[{"b":"[[[[[[[["}]}', 3)).toBe(false);
    expect(nestedDeeperThan('[[[[]]]]', 3)).toBe(true);
    expect(nestedDeeperThan('{"a":"\\"[[[["}', 1)).toBe(false);
    expect(nestedDeeperThan(`${'['.repeat(10_000)}${']'.repeat(10_000)}`, 64)).toBe(true);
  });
});

describe('client addresses', () => {
  it('spells an IPv4-mapped IPv6 address as IPv4', () => {
    expect(canonicalAddress('::ffff:127.0.0.2')).toBe('127.0.0.2');
    expect(canonicalAddress('::ffff:7f00:2')).toBe('127.0.0.2');
  });

  it('counts the whole of loopback as one client, an IPv6 /64 as one, each IPv4 address as one', () => {
    expect(new Set(['127.0.0.1', '127.0.0.2', '127.255.0.9', '::1', '::ffff:127.0.0.3'].map(clientOf))).toEqual(
      new Set(['loopback']),
    );
    expect(clientOf('2001:db8:1:2:aaaa::1')).toBe(clientOf('2001:db8:1:2:bbbb::7'));
    expect(clientOf('2001:db8:1:3::1')).not.toBe(clientOf('2001:db8:1:2::1'));
    expect(clientOf('203.0.113.7')).not.toBe(clientOf('203.0.113.8'));
  });
});

describe('webhook targets', () => {
  it.each([
    '127.0.0.1',
    '127.9.9.9',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:10.0.0.1',
    '64:ff9b::a00:1',
    '224.0.0.1',
    '::8.8.8.8',
    '::a00:1',
    '::ffff:0:8.8.8.8',
    '::ffff:0:7f00:1',
    '2001:10::1',
    '2001:1f:ffff::1',
    '2001:20::1',
    '2001:2f::1',
    '5f00::1',
    '5f00:ffff::1',
    '3fff::1',
    '3fff:fff:ffff::1',
  ])('%s is not a public address', (address) => {
    expect(isSpecialAddress(address)).toBe(true);
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700::1111', '2001:30::1', '3fff:1000::1', '5f01::1', '::ffff:8.8.8.8'])(
    '%s is public',
    (address) => expect(isSpecialAddress(address)).toBe(false),
  );

  it('lets through what the operator lists, by network and port', () => {
    const policy = new TargetPolicy(['127.0.0.1:8080', '10.0.0.0/8']);
    expect(policy.refusal('127.0.0.1', 8080)).toBeUndefined();
    expect(policy.refusal('127.0.0.1', 22)).toContain('not listed');
    expect(policy.refusal('10.20.30.40', 443)).toBeUndefined();
    expect(policy.refusal('192.168.0.1', 443)).toContain('not listed');
    expect(parseNetwork('[::1]:9000')).toMatchObject({ port: 9000 });
    expect(parseNetwork('localhost')).toBeUndefined();
    expect(parseNetwork('10.0.0.0/33')).toBeUndefined();
  });

  it('checks every address a name resolves to', async () => {
    const policy = new TargetPolicy([], async () => [
      { address: '93.184.215.14', family: 4 },
      { address: '10.0.0.1', family: 4 },
    ]);
    expect(await policy.addresses(new URL('https://hooks.example.com/x'))).toEqual({
      refused: expect.stringContaining('hooks.example.com resolves to 10.0.0.1'),
    });
  });
});
