import { describe, expect, it } from 'vitest';
import { EstateContentionError, StoreUnavailableError } from '../../src/store/errors.js';
import { appendChange, LOST_RACE, MAX_APPEND_ATTEMPTS, untilWon } from '../../src/store/estate.js';
import { at, estateChange } from './fixtures.js';

describe('estate append: the bounded retry and the change added', () => {
  it('retries a lost race and returns what the winning attempt wrote', async () => {
    // Arrange
    const outcomes: (string | typeof LOST_RACE)[] = [LOST_RACE, LOST_RACE, 'written'];
    let calls = 0;
    // Act
    const result = await untilWon('T1', async () => outcomes[calls++] ?? 'unexpected');
    // Assert
    expect(result).toBe('written');
    expect(calls).toBe(3);
  });

  it(`gives up after ${MAX_APPEND_ATTEMPTS} lost races with EstateContentionError`, async () => {
    // Arrange
    let calls = 0;
    // Act
    const outcome = untilWon('T1', async () => {
      calls += 1;
      return LOST_RACE;
    });
    // Assert
    const error = await outcome.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EstateContentionError);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error).toMatchObject({
      name: 'EstateContentionError',
      teamId: 'T1',
      operation: 'estate.append',
    });
    expect(calls).toBe(MAX_APPEND_ATTEMPTS);
  });

  it('adds a change at the end with the next version, and nothing for a known id', () => {
    // Arrange
    const first = appendChange(null, 'T1', estateChange('d1'), at(0));
    // Act
    const second = first && appendChange(first, 'T1', estateChange('d2'), at(1));
    const repeated = second && appendChange(second, 'T1', estateChange('d1'), at(2));
    // Assert
    expect(first).toMatchObject({ version: 1, updatedAt: at(0) });
    expect(second?.changes.map((c) => c.id)).toEqual(['d1', 'd2']);
    expect(second?.version).toBe(2);
    expect(repeated).toBeNull();
  });
});
