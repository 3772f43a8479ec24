import { describe, expect, it } from 'vitest';
import { defaultStoreConfig, storeConfigSchema } from '../../src/store/config.js';
import { retentionCutoffs } from '../../src/store/retention.js';
import { at, DAY } from './fixtures.js';

describe('storeConfigSchema', () => {
  it('fills every default from an empty section', () => {
    expect(defaultStoreConfig()).toEqual({
      database: 'scale_review',
      dataDir: './data',
      retentionDays: 365,
      mongo: {
        maxPoolSize: 10,
        minPoolSize: 0,
        serverSelectionTimeoutMS: 2500,
        connectTimeoutMS: 2500,
        socketTimeoutMS: 20000,
        maxIdleTimeMS: 60000,
      },
    });
  });

  it('keeps given values and fills the rest', () => {
    const parsed = storeConfigSchema.parse({ retentionDays: 90, mongo: { maxPoolSize: 20 } });

    expect(parsed.retentionDays).toBe(90);
    expect(parsed.mongo).toMatchObject({ maxPoolSize: 20, serverSelectionTimeoutMS: 2500 });
  });

  it.each([
    [{ retentionDays: 0 }, 'store.retentionDays must be at least 1'],
    [{ retentionDays: 1.5 }, 'store.retentionDays must be a whole number of days'],
    [{ database: 'my db' }, 'store.database must be 1-63 letters'],
    [{ dataDir: '' }, 'store.dataDir must not be empty'],
  ])('rejects %j with a message that says how to fix it', (section, message) => {
    const result = storeConfigSchema.safeParse(section);

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain(message);
  });

  it('rejects unknown keys (a typo is an error, not a silent default)', () => {
    expect(storeConfigSchema.safeParse({ retentionDay: 30 }).success).toBe(false);
  });
});

describe('retentionCutoffs', () => {
  it('deletes history strictly older than N days and keys a day past expiry', () => {
    expect(retentionCutoffs({ now: at(400 * DAY), retentionDays: 365 })).toEqual({
      historyBefore: at(35 * DAY),
      keysExpiredBefore: at(399 * DAY),
    });
  });
});
