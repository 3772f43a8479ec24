import { formatUtcDay } from '../domain/format.js';

const MS_PER_DAY = 86_400_000;
/** "Mon 7 Dec 2026", in UTC so that the output does not depend on the machine's time zone. */
export const formatDay = formatUtcDay;

/** "In 7 days", "In 1 day", "Today", "1 day ago". */
export function relativeDays(now: Date, then: Date): string {
  const days = Math.round((then.getTime() - now.getTime()) / MS_PER_DAY);
  if (days === 0) return 'Today';
  if (days > 0) return `In ${days} ${days === 1 ? 'day' : 'days'}`;
  return `${-days} ${days === -1 ? 'day' : 'days'} ago`;
}

/** "Mon 30 Nov 2026 09:00 UTC". */
export function formatDateTime(date: Date): string {
  const hh = String(date.getUTCHours()).padStart(2, '0');
  const mm = String(date.getUTCMinutes()).padStart(2, '0');
  return `${formatDay(date)} ${hh}:${mm} UTC`;
}
