import { describe, expect, it } from 'vitest';
import {
  isDelayed,
  latestSlot,
  nextSlot,
  ScheduleError,
  type WeeklySchedule,
} from '../../src/domain/schedule.js';

const monday9: WeeklySchedule = { weekday: 1, time: '09:00' };

describe('nextSlot', () => {
  it('finds the next Monday 09:00 in the subscriber timezone', () => {
    // Arrange: Saturday 28 Nov 2026, 10:00 UTC
    const now = new Date('2026-11-28T10:00:00Z');
    // Act
    const slot = nextSlot(monday9, 'Europe/Madrid', now);
    // Assert: Madrid is UTC+1 in winter
    expect(slot.at.toISOString()).toBe('2026-11-30T08:00:00.000Z');
    expect(slot.periodKey).toBe('2026-W49');
  });

  it('is strictly after the given instant', () => {
    const at = new Date('2026-11-30T08:00:00Z');
    expect(nextSlot(monday9, 'Europe/Madrid', at).at.toISOString()).toBe(
      '2026-12-07T08:00:00.000Z',
    );
  });

  it('runs once in the spring-forward gap (northern: New York, 14 Mar 2027)', () => {
    const sunday0230: WeeklySchedule = { weekday: 7, time: '02:30' };
    const slot = nextSlot(sunday0230, 'America/New_York', new Date('2027-03-13T12:00:00Z'));
    // 02:30 does not exist that day; the run moves forward to 03:30 EDT, once.
    expect(slot.at.toISOString()).toBe('2027-03-14T07:30:00.000Z');
    const following = nextSlot(sunday0230, 'America/New_York', slot.at);
    expect(following.at.toISOString()).toBe('2027-03-21T06:30:00.000Z');
  });

  it('runs once in the spring-forward gap (southern: Sydney, 4 Oct 2026)', () => {
    const sunday0230: WeeklySchedule = { weekday: 7, time: '02:30' };
    const slot = nextSlot(sunday0230, 'Australia/Sydney', new Date('2026-10-03T00:00:00Z'));
    expect(slot.at.toISOString()).toBe('2026-10-03T16:30:00.000Z'); // 03:30 AEDT
    expect(nextSlot(sunday0230, 'Australia/Sydney', slot.at).at.toISOString()).toBe(
      '2026-10-10T15:30:00.000Z',
    );
  });

  it('does not run twice in the fall-back hour (northern: New York, 1 Nov 2026)', () => {
    const sunday0130: WeeklySchedule = { weekday: 7, time: '01:30' };
    const first = nextSlot(sunday0130, 'America/New_York', new Date('2026-10-31T12:00:00Z'));
    const second = nextSlot(sunday0130, 'America/New_York', first.at);
    expect(first.periodKey).toBe('2026-W44');
    expect(second.periodKey).toBe('2026-W45');
    expect(second.at.getTime() - first.at.getTime()).toBeGreaterThan(6 * 86_400_000);
  });

  it('does not run twice in the fall-back hour (southern: Sydney, 5 Apr 2026)', () => {
    const sunday0230: WeeklySchedule = { weekday: 7, time: '02:30' };
    const first = nextSlot(sunday0230, 'Australia/Sydney', new Date('2026-04-04T00:00:00Z'));
    const second = nextSlot(sunday0230, 'Australia/Sydney', first.at);
    expect(first.periodKey).toBe('2026-W14');
    expect(second.periodKey).toBe('2026-W15');
    expect(second.at.getTime() - first.at.getTime()).toBeGreaterThan(6 * 86_400_000);
  });

  it('rejects an unknown timezone and a malformed time', () => {
    const now = new Date('2026-11-28T10:00:00Z');
    expect(() => nextSlot(monday9, 'Mars/Olympus', now)).toThrow(ScheduleError);
    expect(() => nextSlot({ weekday: 1, time: '9am' }, 'UTC', now)).toThrow(/HH:MM/);
  });
});

describe('latestSlot and isDelayed', () => {
  it('returns the latest slot at or before now, never an older one', () => {
    const now = new Date('2026-12-02T12:00:00Z'); // Wednesday
    const slot = latestSlot(monday9, 'UTC', now);
    expect(slot.at.toISOString()).toBe('2026-11-30T09:00:00.000Z');
    expect(slot.periodKey).toBe('2026-W49');
    expect(isDelayed(slot, now)).toBe(true);
  });

  it('treats a slot run within five minutes as on time', () => {
    const slot = latestSlot(monday9, 'UTC', new Date('2026-11-30T09:04:00Z'));
    expect(isDelayed(slot, new Date('2026-11-30T09:04:00Z'))).toBe(false);
    expect(isDelayed(slot, new Date('2026-11-30T09:05:01Z'))).toBe(true);
  });
});
