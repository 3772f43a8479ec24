import { fallbackText, header, type MessagePayload, section } from './elements.js';
import { composeBlocks, fitLines } from './layout.js';
import { type Budget, budgetFor } from './limits.js';
import type { SlackBlock } from './native-types.js';
import { channelMention, escapeMrkdwn, mention, slackDate } from './text.js';
import { validateBlocks } from './validate.js';

/** One channel's weekly digest, as `/scale subscriptions` shows it. */
export interface DigestSubscriptionLine {
  channelId: string;
  /** "Mon 09:00" */
  schedule: string;
  /** IANA zone, "Europe/Paris". */
  timezone: string;
  subscribedBy: string;
  subscribedAt: Date;
  nextRunAt: Date;
  /** The latest digest of the channel, null before the first. */
  lastResult: {
    status: 'sent' | 'edited' | 'skipped' | 'failed';
    /** "Week 49, 2026" */
    weekLabel: string;
    at: Date;
    /** Slack's refusal of a failed digest (`channel_not_found`); "delayed from …" for a late one. */
    detail: string | null;
  } | null;
  /** Slack refuses the channel for good: the subscriber has been (or will be) told by DM. */
  problem: { code: string; since: Date } | null;
}

export interface SubscriptionsViewModel {
  /** The channel the command was typed in. */
  channelId: string;
  /** Its digest, or null when it gets none. */
  here: DigestSubscriptionLine | null;
  /** The other channels of the workspace with a digest. */
  others: readonly DigestSubscriptionLine[];
}

function lastResultText(s: DigestSubscriptionLine): string {
  const last = s.lastResult;
  if (last === null) return 'no digest sent yet';
  const week = escapeMrkdwn(last.weekLabel);
  if (last.status === 'failed') {
    const why = last.detail === null ? '' : ` (\`${escapeMrkdwn(last.detail)}\`)`;
    return `the ${week} digest failed ${slackDate(last.at, 'date')}${why}`;
  }
  const late = last.detail?.startsWith('delayed') ? ', late' : '';
  return `last digest ${week}, ${slackDate(last.at, 'date')}${late}`;
}

function details(s: DigestSubscriptionLine): string[] {
  const lines = [
    `every *${escapeMrkdwn(s.schedule)}* (${escapeMrkdwn(s.timezone)}) · subscribed by ${mention(s.subscribedBy)} ${slackDate(s.subscribedAt, 'date')}`,
    `next ${slackDate(s.nextRunAt)} · ${lastResultText(s)}`,
  ];
  if (s.problem !== null) {
    lines.push(
      `:warning: Slack refuses to post here (\`${escapeMrkdwn(s.problem.code)}\`) since ${slackDate(s.problem.since, 'date')}: invite the app (\`/invite @Scale Review\`) or run \`/scale unsubscribe\` there.`,
    );
  }
  return lines;
}

function hereBlock(vm: SubscriptionsViewModel): SlackBlock {
  const channel = channelMention(vm.channelId);
  if (vm.here === null) {
    return section(
      `*This channel* (${channel}) gets no weekly digest. \`/scale subscribe\` starts one.`,
    );
  }
  return section([`*This channel* (${channel})`, ...details(vm.here)].join('\n'));
}

function otherLine(s: DigestSubscriptionLine): string {
  return [`• ${channelMention(s.channelId)}`, ...details(s).map((l) => `    ${l}`)].join('\n');
}

/** `/scale subscriptions`: this channel's weekly digest, then the workspace's other ones. */
export function buildSubscriptions(vm: SubscriptionsViewModel): MessagePayload {
  const head: SlackBlock[] = [header(':calendar: Weekly digests'), hereBlock(vm)];
  const others = (budget: Budget): SlackBlock[] =>
    vm.others.length === 0
      ? [section('No other channel of this workspace gets the weekly digest.')]
      : fitLines(['*Other channels*', ...vm.others.map(otherLine)], budget, 'channels');
  const blocks = composeBlocks(head, [others], [], budgetFor('message'));
  validateBlocks(blocks, 'message');
  const count = (vm.here === null ? 0 : 1) + vm.others.length;
  const here = vm.here === null ? 'this channel gets none' : 'this channel included';
  return {
    text: fallbackText(
      `Weekly digests: ${count} ${count === 1 ? 'channel' : 'channels'} (${here})`,
    ),
    blocks,
  };
}
