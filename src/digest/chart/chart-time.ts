import { DateTime, IANAZone } from 'luxon';
import { ChartRenderError } from './chart-errors.js';

const DEFAULT_CHART_ZONE = 'UTC';

/** The zone's name, or a ChartRenderError ('spec') when it is not a valid IANA zone. */
export function chartZone(zone: string | undefined): string {
  if (zone === undefined) return DEFAULT_CHART_ZONE;
  if (!IANAZone.isValidZone(zone)) {
    throw new ChartRenderError('spec', `chart time zone "${zone}" is not a valid IANA zone`);
  }
  return zone;
}

function parse(iso: string, zone: string, what: string): DateTime {
  const time = DateTime.fromISO(iso, { zone });
  if (!time.isValid) {
    throw new ChartRenderError('spec', `${what} "${iso}" is not an ISO 8601 date-time`);
  }
  return time;
}

/**
 * The zone's wall-clock time written as if it were UTC ("…Z"). The chart draws time axes on a
 * UTC scale, so labels show the channel's local time without depending on the machine's zone.
 */
export function wallClockAsUtc(iso: string, zone: string, what: string): string {
  return parse(iso, zone, what).toFormat("yyyy-LL-dd'T'HH:mm:ss'Z'");
}

/** "Mon 1 Dec 2025, 09:00" in the zone (luxon's own English tokens: no ICU-dependent spacing). */
export function formatGeneratedAt(iso: string, zone: string): string {
  return parse(iso, zone, 'generatedAt').toFormat('ccc d LLL yyyy, HH:mm', { locale: 'en' });
}
