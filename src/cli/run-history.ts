import type { HistoryDecision, HistoryEntry } from '../../blocks/index.js';
import { runHistory } from '../app/review-history.js';
import type { HistoryCommand } from '../command/types.js';
import { appDeps, CLI_TEAM_ID, loadRuntime, withStore } from './cli-runtime.js';
import { EXIT_CODES, type ExitCode } from './exit.js';
import { formatDateTime, formatDay } from './format-dates.js';
import type { CliIo } from './io.js';

/** The stable `history --json` shape (README): fields are only ever added. */
export interface HistoryJson {
  teamId: string;
  /** Newest first. */
  reviews: {
    id: string;
    /** ISO 8601 instant. */
    createdAt: string;
    stage: { number: number; name: string };
    headline: string;
    /** Newest first. */
    decisions: {
      kind: 'ack' | 'snooze' | 'unsnooze' | 'done';
      recommendationKey: string;
      recommendationText: string;
      /** Slack user id; null for an automatic decision. */
      userId: string | null;
      at: string;
      snoozeUntil: string | null;
      reason: string | null;
      /** true for a snooze still in force. */
      active: boolean;
    }[];
  }[];
}

/** `history [n] [--team T] [--json]`: the team's latest stored reviews, newest first. */
export async function runHistoryCommand(command: HistoryCommand, io: CliIo): Promise<ExitCode> {
  const runtime = await loadRuntime(io);
  const teamId = command.team ?? CLI_TEAM_ID;
  await withStore(runtime, io, async (store) => {
    const view = await runHistory(appDeps(runtime, io, store, null), {
      teamId,
      limit: command.count,
    });
    if (command.json) {
      io.stdout(`${JSON.stringify(historyJson(teamId, view.entries), null, 2)}\n`);
      return;
    }
    io.stdout(formatHistory(teamId, view.entries, store.describe()));
  });
  return EXIT_CODES.ok;
}

export function historyJson(teamId: string, entries: readonly HistoryEntry[]): HistoryJson {
  return {
    teamId,
    reviews: entries.map((entry) => ({
      id: entry.reviewId,
      createdAt: entry.createdAt.toISOString(),
      stage: { number: entry.stage.number, name: entry.stage.name },
      headline: entry.headline,
      decisions: entry.decisions.map((d) => ({
        kind: d.kind,
        recommendationKey: d.recommendationKey,
        recommendationText: d.recommendationText,
        userId: d.userId,
        at: d.at.toISOString(),
        snoozeUntil: d.snoozeUntil?.toISOString() ?? null,
        reason: d.reason ?? null,
        active: d.canUnsnooze === true,
      })),
    })),
  };
}

/** The history as text: one line per review, its decisions indented below it. */
export function formatHistory(
  teamId: string,
  entries: readonly HistoryEntry[],
  where: string,
): string {
  if (entries.length === 0) {
    const lines = [
      `No reviews stored for team ${teamId} yet (${where}).`,
      'Store one with: scale-review status --save',
    ];
    if (teamId === CLI_TEAM_ID) {
      lines.push('Reviews from Slack are stored under the Slack team id: add --team T0123ABCD.');
    }
    return `${lines.join('\n')}\n`;
  }
  const lines = [`Review history: team ${teamId}, newest first (${where})`, ''];
  for (const entry of entries) {
    const stage = `Stage ${entry.stage.number} ${entry.stage.name}`;
    lines.push(
      `${formatDateTime(entry.createdAt)} · ${stage} · ${entry.headline} (review ${entry.reviewId})`,
    );
    lines.push(...entry.decisions.map((d) => `  - ${decisionText(d)}`));
  }
  return `${lines.join('\n')}\n`;
}

function decisionText(d: HistoryDecision): string {
  const what = `"${d.recommendationText}"`;
  const who = d.userId === null ? 'automatically' : `by ${d.userId}`;
  const when = formatDateTime(d.at);
  const reason = d.reason === undefined ? '' : ` (${d.reason})`;
  switch (d.kind) {
    case 'ack':
      return `acknowledged ${what} ${who}, ${when}`;
    case 'snooze': {
      const until = d.snoozeUntil === undefined ? '' : ` until ${formatDay(d.snoozeUntil)}`;
      const active = d.canUnsnooze === true ? ' [in force]' : '';
      return `snoozed ${what}${until} ${who}, ${when}${reason}${active}`;
    }
    case 'unsnooze':
      return `un-snoozed ${what} ${who}, ${when}${reason}`;
    case 'done':
      return `marked ${what} done ${who}, ${when}`;
  }
}
