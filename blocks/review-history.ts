import { fallbackText, header, type MessagePayload, moreLine, section } from './elements.js';
import { composeBlocks } from './layout.js';
import { type Budget, budgetFor, fitItems } from './limits.js';
import type { SlackBlock } from './native-types.js';
import { unsnoozeBlock } from './recommendations.js';
import { escapeMrkdwn, mention, slackDate } from './text.js';
import { validateBlocks } from './validate.js';

export interface HistoryDecision {
  kind: 'ack' | 'snooze' | 'unsnooze' | 'done';
  recommendationKey: string;
  recommendationText: string;
  /** Null for an automatic decision (a snooze ended early because things got worse). */
  userId: string | null;
  at: Date;
  snoozeUntil?: Date;
  /** Why an automatic decision was made. */
  reason?: string;
  /** True for a snooze still in force: the entry offers an "Un-snooze" button. */
  canUnsnooze?: boolean;
}

export interface HistoryEntry {
  reviewId: string;
  createdAt: Date;
  headline: string;
  stage: { number: number; name: string };
  decisions: readonly HistoryDecision[];
}

export interface HistoryViewModel {
  entries: readonly HistoryEntry[];
}

function who(d: HistoryDecision): string {
  return d.userId === null ? 'automatically' : `by ${mention(d.userId)}`;
}

function historyDecisionLine(d: HistoryDecision): string {
  const what = `“${escapeMrkdwn(d.recommendationText)}”`;
  const reason = d.reason ? ` (${escapeMrkdwn(d.reason)})` : '';
  const when = slackDate(d.at);
  switch (d.kind) {
    case 'ack':
      return `:white_check_mark: ${what} acknowledged ${who(d)} · ${when}`;
    case 'snooze': {
      const until = d.snoozeUntil ? ` until ${slackDate(d.snoozeUntil, 'date')}` : '';
      return `:zzz: ${what} snoozed${until} ${who(d)} · ${when}${reason}`;
    }
    case 'unsnooze':
      return `:alarm_clock: ${what} un-snoozed ${who(d)} · ${when}${reason}`;
    case 'done':
      return `:heavy_check_mark: ${what} done ${who(d)} · ${when}`;
  }
}

/** One review: its date, stage, headline and decisions; active snoozes get an Un-snooze button. */
function historyEntryBlocks(entry: HistoryEntry): SlackBlock[] {
  const title = `*${slackDate(entry.createdAt, 'date')}* · Stage ${entry.stage.number} · ${escapeMrkdwn(entry.stage.name)}`;
  const passive = entry.decisions.filter((d) => !(d.kind === 'snooze' && d.canUnsnooze));
  const active = entry.decisions.filter((d) => d.kind === 'snooze' && d.canUnsnooze);
  const lines = [
    title,
    escapeMrkdwn(entry.headline),
    ...passive.map((d) => `• ${historyDecisionLine(d)}`),
  ];
  return [
    section(lines.join('\n')),
    ...active.map((d) =>
      unsnoozeBlock(
        entry.reviewId,
        { key: d.recommendationKey, text: d.recommendationText },
        historyDecisionLine(d),
      ),
    ),
  ];
}

/** `/scale history [n]`: the latest reviews with their decisions. */
export function buildHistory(vm: HistoryViewModel): MessagePayload {
  const count = vm.entries.length;
  const head: SlackBlock[] = [header(':scroll: Review history')];
  const list = (budget: Budget): SlackBlock[] =>
    count === 0
      ? [section('No reviews yet. Run `/scale status` to make the first one.')]
      : fitItems(vm.entries, historyEntryBlocks, budget, (n) =>
          moreLine(n, n === 1 ? 'review' : 'reviews', 'ask for fewer, e.g. `/scale history 5`'),
        );
  const blocks = composeBlocks(head, [list], [], budgetFor('message'));
  validateBlocks(blocks, 'message');
  const latest = vm.entries[0];
  const text = latest
    ? `Review history: ${count} review${count === 1 ? '' : 's'}, latest: ${escapeMrkdwn(latest.headline)}`
    : 'Review history: no reviews yet';
  return { text: fallbackText(text), blocks };
}
