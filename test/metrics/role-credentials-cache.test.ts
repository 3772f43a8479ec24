import { describe, expect, it } from 'vitest';
import { AssumeRoleError } from '../../src/metrics/cloudwatch/assume-role-error.js';
import { createRoleCredentialsCache } from '../../src/metrics/cloudwatch/role-credentials-cache.js';
import { type FakeSts, fakeSts } from './support/fake-sts.js';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const role = (n: number, externalId = 'sr-aaaa', region = 'eu-west-1') => ({
  roleArn: `arn:aws:iam::21098765432${n}:role/ScaleReviewRead`,
  externalId,
  region,
});

function setup(max: number) {
  const clock = () => T0;
  const clients = new Map<string, FakeSts>();
  const cache = createRoleCredentialsCache({
    clock,
    max,
    createSts: (region) => {
      const sts = fakeSts(clock);
      clients.set(region, sts);
      return sts;
    },
  });
  const calls = () => [...clients.values()].reduce((n, sts) => n + sts.inputs.length, 0);
  return { cache, clients, calls };
}

describe('createRoleCredentialsCache', () => {
  it('gives one workspace the same provider, so its credentials are assumed once', async () => {
    const { cache, calls } = setup(10);

    const first = cache.get(role(1));
    await first();
    const again = cache.get(role(1));
    await again();

    expect(again).toBe(first);
    expect(calls()).toBe(1);
  });

  it('gives a new provider when the external id, the role or the region changes', () => {
    const { cache } = setup(10);

    const providers = new Set([
      cache.get(role(1)),
      cache.get(role(1, 'sr-bbbb')),
      cache.get(role(2)),
      cache.get(role(1, 'sr-aaaa', 'us-east-1')),
    ]);

    expect(providers.size).toBe(4);
    expect(cache.size).toBe(4);
  });

  it('drops the least recently used provider beyond max', async () => {
    const { cache, calls } = setup(2);
    const a = cache.get(role(1));
    const b = cache.get(role(2));
    await Promise.all([a(), b()]);

    cache.get(role(1)); // a is now the most recent
    cache.get(role(3)); // b goes
    const aAgain = cache.get(role(1));
    const bAgain = cache.get(role(2));
    await bAgain();

    expect(aAgain).toBe(a);
    expect(bAgain).not.toBe(b);
    expect(cache.size).toBe(2);
    expect(calls()).toBe(3);
  });

  it('shares one STS client per region', async () => {
    const { cache, clients } = setup(10);

    await Promise.all([
      cache.get(role(1))(),
      cache.get(role(2))(),
      cache.get(role(3, 'sr-aaaa', 'us-east-1'))(),
    ]);

    expect([...clients.keys()]).toEqual(['eu-west-1', 'us-east-1']);
    expect(clients.get('eu-west-1')?.inputs.map((i) => i.RoleArn)).toEqual([
      role(1).roleArn,
      role(2).roleArn,
    ]);
  });

  it('refuses a malformed role at once and keeps nothing for it', () => {
    const { cache } = setup(10);

    expect(() => cache.get({ ...role(1), roleArn: 'ScaleReviewRead' })).toThrow(AssumeRoleError);
    expect(cache.size).toBe(0);
  });

  it('refuses a max below 1', () => {
    expect(() => createRoleCredentialsCache({ clock: () => T0, max: 0 })).toThrow(
      'max must be a positive integer, got 0',
    );
  });
});
