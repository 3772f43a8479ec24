import { describe, expect, it } from 'vitest';
import { isNonPublicAddress, privateHostProblem } from '../../src/tenancy/database-host.js';

describe('isNonPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '10.0.0.5',
    '172.16.4.4',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fd00::1',
    'fe80::1',
    '::ffff:10.0.0.1',
    '::ffff:127.0.0.1',
    'not an address',
  ])('%s is not public', (address) => {
    expect(isNonPublicAddress(address)).toBe(true);
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    '%s is public',
    (address) => {
      expect(isNonPublicAddress(address)).toBe(false);
    },
  );
});

describe('privateHostProblem', () => {
  const resolver = (table: Record<string, string[]>) => async (host: string) => {
    const found = table[host];
    if (found === undefined) throw new Error('ENOTFOUND');
    return found;
  };

  it('refuses localhost, private literals and names resolving to any private address', async () => {
    const resolve = resolver({ 'mixed.example.com': ['93.184.215.14', '10.0.0.9'] });

    expect(await privateHostProblem('postgres://u:p@localhost/db', resolve)).toContain('public');
    expect(await privateHostProblem('postgres://u:p@[::1]:5432/db', resolve)).toContain('public');
    expect(await privateHostProblem('postgres://u:p@192.168.0.10/db', resolve)).toContain('public');
    expect(await privateHostProblem('postgres://u:p@mixed.example.com/db', resolve)).toContain(
      'public',
    );
  });

  it('accepts a public literal or name, and says when a name does not resolve', async () => {
    const resolve = resolver({ 'db.example.com': ['93.184.215.14'] });

    expect(await privateHostProblem('postgres://u:p@db.example.com/db', resolve)).toBeNull();
    expect(await privateHostProblem('postgres://u:p@8.8.8.8/db', resolve)).toBeNull();
    expect(await privateHostProblem('postgres://u:p@nowhere.example/db', resolve)).toBe(
      'the database host name does not resolve',
    );
  });
});
