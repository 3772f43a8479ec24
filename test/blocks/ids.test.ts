import { describe, expect, it } from 'vitest';
import {
  ACTION_IDS,
  decodeRecommendationRef,
  encodeRecommendationRef,
  InvalidRefError,
  parseRecommendationBlockId,
  recommendationBlockId,
  SNOOZE_DURATION_KEYS,
  SNOOZE_DURATIONS,
} from '../../blocks/ids.js';

describe('slack ids', () => {
  it('round-trips a recommendation ref whose key contains separators', () => {
    // Arrange
    const ref = { reviewId: '665f1c2e9a7b', recommendationKey: 'cpu:upgrade|server' };
    // Act
    const encoded = encodeRecommendationRef(ref);
    // Assert
    expect(encoded).toBe('665f1c2e9a7b|cpu:upgrade|server');
    expect(decodeRecommendationRef(encoded)).toEqual(ref);
  });

  it('refuses to encode what it could not decode', () => {
    expect(() => encodeRecommendationRef({ reviewId: 'a|b', recommendationKey: 'k' })).toThrow(
      InvalidRefError,
    );
    expect(() => encodeRecommendationRef({ reviewId: '', recommendationKey: 'k' })).toThrow(
      InvalidRefError,
    );
    expect(() => encodeRecommendationRef({ reviewId: 'r', recommendationKey: '' })).toThrow(
      InvalidRefError,
    );
  });

  it('decodes garbage to null, never to a wrong ref', () => {
    for (const value of ['', '|k', 'r|', 'no-bar', 'r !|k'])
      expect(decodeRecommendationRef(value)).toBeNull();
  });

  it('carries the ref in a block id with a decision stamp', () => {
    // Act
    const blockId = recommendationBlockId(
      { reviewId: 'rev1', recommendationKey: 'cpu:up' },
      'at6sl9c',
    );
    // Assert
    expect(blockId).toBe('scale.rec.at6sl9c|rev1|cpu:up');
    expect(parseRecommendationBlockId(blockId)).toEqual({
      reviewId: 'rev1',
      recommendationKey: 'cpu:up',
    });
    expect(parseRecommendationBlockId('scale.header')).toBeNull();
    expect(parseRecommendationBlockId('scale.rec.X|rev1|k')).toBeNull();
  });

  it('keeps every action id within 255 characters and unique', () => {
    const ids = Object.values(ACTION_IDS);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(255);
  });

  it('offers 1 day, 1 week and 1 month, with option values within 75 characters', () => {
    expect(SNOOZE_DURATION_KEYS).toEqual(['1d', '1w', '1m']);
    expect(SNOOZE_DURATION_KEYS.map((k) => SNOOZE_DURATIONS[k].days)).toEqual([1, 7, 30]);
  });
});
