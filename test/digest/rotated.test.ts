import { describe, expect, it } from 'vitest';
import { rotated } from '../../src/digest/run-digest.js';

describe('rotated (where a replica starts its walk through the tenants)', () => {
  it('keeps every tenant once, in order, from a place that depends on the owner only', () => {
    const tenants = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8'];

    const a = rotated(tenants, 'bot:host-a:1:aa');
    const again = rotated(tenants, 'bot:host-a:1:aa');
    const starts = new Set(
      ['bot:host-a:1:aa', 'bot:host-b:1:bb', 'bot:host-c:1:cc', 'bot:host-d:7:dd'].map(
        (owner) => rotated(tenants, owner)[0],
      ),
    );

    expect([...a].sort()).toEqual(tenants);
    expect(again).toEqual(a);
    const start = tenants.indexOf(a[0] as string);
    expect(a).toEqual([...tenants.slice(start), ...tenants.slice(0, start)]);
    expect(starts.size).toBeGreaterThan(1);
    expect(rotated([], 'x')).toEqual([]);
  });
});
