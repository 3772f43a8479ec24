import { DateTime } from 'luxon';
import { scheduleLabel } from '../app/home.js';
import type { SubscriptionsCommand } from '../command/types.js';
import type { DigestResult, Subscription } from '../store/ports.js';
import { loadRuntime, withStore } from './cli-runtime.js';
import { EXIT_CODES, type ExitCode } from './exit.js';
import { formatDateTime } from './format-dates.js';
import type { CliIo } from './io.js';

/** The stable `subscriptions --json` shape (README): fields are only ever added. */
export interface SubscriptionsJson {
  subscriptions: {
    id: string;
    teamId: string;
    channelId: string;
    /** ISO weekday (1 = Monday) and local time HH:MM in `timezone`. */
    schedule: { weekday: number; time: string };
    timezone: string;
    active: boolean;
    /** ISO 8601 instant of the next digest. */
    nextRunAt: string;
    createdBy: string;
    lastResult: {
      periodKey: string;
      status: DigestResult['status'];
      at: string;
      ts: string | null;
      detail: string | null;
    } | null;
    /** A permanent channel failure (the digest is skipped until the channel is fixed). */
    failure: { code: string; at: string; reported: boolean } | null;
  }[];
}

/** `subscriptions [--team T] [--json]`: every digest subscription (or one team's), sorted by team and channel. */
export async function runSubscriptions(
  command: SubscriptionsCommand,
  io: CliIo,
): Promise<ExitCode> {
  const runtime = await loadRuntime(io);
  await withStore(runtime, io, async (store) => {
    const subscriptions = await store.subscriptions.list(command.team);
    if (command.json) {
      io.stdout(`${JSON.stringify(subscriptionsJson(subscriptions), null, 2)}\n`);
      return;
    }
    io.stdout(formatSubscriptions(subscriptions, command.team ?? null, store.describe()));
  });
  return EXIT_CODES.ok;
}

function subscriptionsJson(subscriptions: readonly Subscription[]): SubscriptionsJson {
  return {
    subscriptions: subscriptions.map((s) => ({
      id: s.id,
      teamId: s.teamId,
      channelId: s.channelId,
      schedule: { weekday: s.schedule.weekday, time: s.schedule.time },
      timezone: s.timezone,
      active: s.active,
      nextRunAt: s.nextRunAt.toISOString(),
      createdBy: s.createdBy,
      lastResult:
        s.lastResult === undefined
          ? null
          : {
              periodKey: s.lastResult.periodKey,
              status: s.lastResult.status,
              at: s.lastResult.at.toISOString(),
              ts: s.lastResult.ts ?? null,
              detail: s.lastResult.detail ?? null,
            },
      failure:
        s.failure === undefined
          ? null
          : { code: s.failure.code, at: s.failure.at.toISOString(), reported: s.failure.reported },
    })),
  };
}

const HEADERS = ['Team', 'Channel', 'Schedule', 'Timezone', 'Next run', 'Last result', 'Failure'];

/** A table: one row per subscription, the next run in the channel's own timezone. */
function formatSubscriptions(
  subscriptions: readonly Subscription[],
  teamId: string | null,
  where: string,
): string {
  const scope = teamId === null ? 'every team' : `team ${teamId}`;
  if (subscriptions.length === 0) {
    return `No digest subscriptions for ${scope} (${where}).\nSubscribe a channel in Slack with /scale subscribe.\n`;
  }
  const rows = subscriptions.map((s) => [
    s.teamId,
    s.channelId,
    scheduleLabel(s.schedule),
    s.timezone,
    s.active ? localTime(s.nextRunAt, s.timezone) : 'inactive (unsubscribed)',
    lastResultText(s.lastResult),
    failureText(s),
  ]);
  const widths = HEADERS.map((header, i) =>
    Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return `Digest subscriptions: ${scope} (${where})\n\n${[HEADERS, ...rows].map(line).join('\n')}\n`;
}

/** "Mon 7 Dec 2026 09:00" in the subscription's timezone. */
function localTime(at: Date, timezone: string): string {
  return DateTime.fromJSDate(at, { zone: timezone })
    .setLocale('en-US')
    .toFormat('ccc d LLL yyyy HH:mm');
}

function lastResultText(result: DigestResult | undefined): string {
  if (result === undefined) return 'never run';
  const detail = result.detail === undefined ? '' : ` (${result.detail})`;
  return `${result.status} ${result.periodKey}, ${formatDateTime(result.at)}${detail}`;
}

function failureText(s: Subscription): string {
  if (s.failure === undefined) return '-';
  const told = s.failure.reported ? ', subscriber told' : '';
  return `${s.failure.code} since ${formatDateTime(s.failure.at)}${told}`;
}
