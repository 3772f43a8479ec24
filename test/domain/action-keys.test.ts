import { describe, expect, it } from 'vitest';
import { actionKeyOfLegacy, isLegacyKey } from '../../src/domain/action-keys.js';

describe('legacy recommendation keys', () => {
  it.each([
    ['cpu:redis-caching', 2, 'redis-caching'],
    ['dbConnections:redis-caching', 3, 'redis-caching'],
    ['dbStorage:stage-upgrade', 1, 'stage-upgrade:2'],
    ['trigger:stage2-cpu', 2, 'stage-upgrade:3'],
    ['errorRate:investigate', 4, 'investigate:errorRate'],
    ['redis-caching', 2, 'redis-caching'],
    ['stage-upgrade:3', 2, 'stage-upgrade:3'],
    ['investigate:cpu', 2, 'investigate:cpu'],
  ] as const)('maps %s (stage %i) to %s', (key, stage, expected) => {
    expect(actionKeyOfLegacy(key, stage)).toBe(expected);
  });

  it('keeps a stage move whose stage is unknown as it was', () => {
    expect(actionKeyOfLegacy('trigger:stage2-cpu', null)).toBe('trigger:stage2-cpu');
    expect(actionKeyOfLegacy('cpu:right-size', null)).toBe('right-size');
  });

  it('tells legacy keys from action keys', () => {
    expect(isLegacyKey('cpu:horizontal-scaling')).toBe(true);
    expect(isLegacyKey('trigger:stage1-db-size')).toBe(true);
    expect(isLegacyKey('horizontal-scaling')).toBe(false);
    expect(isLegacyKey('stage-upgrade:2')).toBe(false);
    expect(isLegacyKey('investigate:memory')).toBe(false);
  });
});
