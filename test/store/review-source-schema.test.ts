import { describe, expect, it } from 'vitest';
import {
  newReviewRecordSchema,
  observationRecordSchema,
  storedObservationSchema,
  storedReviewRecordSchema,
} from '../../src/store/record-schemas.js';
import { observation, reviewRecord } from './fixtures.js';

const CREATED = new Date('2025-12-01T09:00:00Z');

/** A record as the store held it before `requestedBy` and `metricsFrom`: one `kind`. */
function withOldSource<T extends object>(record: T, source: object): T {
  return { ...record, source };
}

describe('stored review sources: who asked, and where the numbers came from', () => {
  it.each([
    [{ kind: 'slack' }, { requestedBy: 'slack', metricsFrom: null }],
    [{ kind: 'cli' }, { requestedBy: 'cli', metricsFrom: null }],
    [
      { kind: 'digest', detail: 'weekly' },
      { requestedBy: 'digest', metricsFrom: null, detail: 'weekly' },
    ],
    [
      { kind: 'cloudwatch', detail: 'AWS/EC2' },
      { requestedBy: null, metricsFrom: 'cloudwatch', detail: 'AWS/EC2' },
    ],
    [{ kind: 'file' }, { requestedBy: null, metricsFrom: 'file' }],
    [{ kind: 'url' }, { requestedBy: null, metricsFrom: 'url' }],
    [{ kind: 'postgres' }, { requestedBy: null, metricsFrom: 'postgres' }],
    [{ kind: 'composite' }, { requestedBy: null, metricsFrom: 'composite' }],
  ])('an older record with source %j reads as %j', (old, split) => {
    const stored = { ...withOldSource(reviewRecord('T1', CREATED), old), id: 'r1' };
    const observed = withOldSource(observation('T1', '2025-W49'), old);

    expect(storedReviewRecordSchema.parse(stored).source).toEqual(split);
    expect(storedObservationSchema.parse(observed).source).toEqual(split);
  });

  it('a current record reads back as written', () => {
    const source = { requestedBy: 'digest', metricsFrom: 'composite', detail: 'CloudWatch + DB' };
    const stored = { ...withOldSource(reviewRecord('T1', CREATED), source), id: 'r1' };

    expect(storedReviewRecordSchema.parse(stored).source).toEqual(source);
  });

  it('writes only the split shape, and reads no unknown kind', () => {
    const old = { kind: 'cloudwatch' };

    expect(
      newReviewRecordSchema.safeParse(withOldSource(reviewRecord('T1', CREATED), old)).success,
    ).toBe(false);
    expect(
      observationRecordSchema.safeParse(withOldSource(observation('T1', 'W'), old)).success,
    ).toBe(false);
    const unknown = { ...withOldSource(reviewRecord('T1', CREATED), { kind: 'email' }), id: 'r1' };
    expect(storedReviewRecordSchema.safeParse(unknown).success).toBe(false);
  });
});
