import { describe, expect, it } from 'vitest';
import { MAX_DATAPOINTS_PER_CALL } from '../../src/metrics/cloudwatch/batching.js';
import {
  DAY_SECONDS,
  describeWindow,
  fetchDaysFor,
  planWindow,
  retentionPeriodSeconds,
} from '../../src/metrics/cloudwatch/window.js';

const NOW = new Date('2026-03-02T09:17:42Z'); // a Monday

describe('retentionPeriodSeconds (CloudWatch retention rules)', () => {
  it('serves 60 s periods for data less than 15 days old', () => {
    expect(retentionPeriodSeconds(3 * 3600)).toBe(60);
    expect(retentionPeriodSeconds(15 * DAY_SECONDS - 1)).toBe(60);
  });

  it('switches to 300 s at 15 days', () => {
    expect(retentionPeriodSeconds(15 * DAY_SECONDS)).toBe(300);
    expect(retentionPeriodSeconds(63 * DAY_SECONDS - 1)).toBe(300);
  });

  it('switches to 3,600 s at 63 days', () => {
    expect(retentionPeriodSeconds(63 * DAY_SECONDS)).toBe(3600);
    expect(retentionPeriodSeconds(400 * DAY_SECONDS)).toBe(3600);
  });
});

describe('planWindow', () => {
  it('fetches 35 days for a 7-day review so the 30-day conversations sum fits in the same call', () => {
    const plan = planWindow({ now: NOW, windowDays: 7, periodSeconds: 3600 });

    expect(plan.fetchDays).toBe(35);
    expect(plan.end.toISOString()).toBe('2026-03-02T09:00:00.000Z');
    expect(plan.start.toISOString()).toBe('2026-01-26T09:00:00.000Z');
    expect(plan.windowStart.toISOString()).toBe('2026-02-23T09:00:00.000Z');
    expect(plan.minPeriodSeconds).toBe(300);
  });

  it('aligns start and end to the period', () => {
    const plan = planWindow({ now: NOW, windowDays: 7, periodSeconds: 300 });

    expect(plan.end.toISOString()).toBe('2026-03-02T09:15:00.000Z');
    expect((plan.start.getTime() / 1000) % plan.periodSeconds).toBe(0);
    expect((plan.end.getTime() / 1000) % plan.periodSeconds).toBe(0);
  });

  it('raises a period finer than the retention minimum (60 s over 35 days becomes 300 s)', () => {
    const plan = planWindow({ now: NOW, windowDays: 7, periodSeconds: 60 });

    expect(plan.periodSeconds).toBe(300);
  });

  it('uses hourly periods when the fetched window reaches back 63 days or more', () => {
    const plan = planWindow({ now: NOW, windowDays: 63, periodSeconds: 300 });

    expect(plan.fetchDays).toBe(63);
    expect(plan.minPeriodSeconds).toBe(3600);
    expect(plan.periodSeconds).toBe(3600);
  });

  it('covers 30 days with the smallest multiple of the review window', () => {
    expect(fetchDaysFor(7)).toBe(35);
    expect(fetchDaysFor(14)).toBe(42);
    expect(fetchDaysFor(30)).toBe(30);
    expect(fetchDaysFor(45)).toBe(45);
  });

  it('keeps one hourly series under the 100,800-datapoint budget at every allowed window', () => {
    for (const windowDays of [1, 7, 14, 30, 63, 90]) {
      const plan = planWindow({ now: NOW, windowDays, periodSeconds: 60 });
      const points = (plan.end.getTime() - plan.start.getTime()) / 1000 / plan.periodSeconds;
      expect(points).toBeLessThanOrEqual(MAX_DATAPOINTS_PER_CALL);
    }
  });

  it('describes the window as the status output shows it', () => {
    const plan = planWindow({ now: NOW, windowDays: 7, periodSeconds: 3600 });

    expect(describeWindow(plan)).toBe('7 days to Mon 09:00 UTC');
  });
});
