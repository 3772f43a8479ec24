import type { Subscription } from '../store/ports.js';
import type { DigestDeps } from './digest-deps.js';
import type { SlackPermanentError } from './poster.js';

/** What follows a refusal: telling the subscriber. */

/** Why Slack refused, and what the subscriber can do about it, by Slack's error code. */
const REFUSALS: Readonly<Record<string, string>> = {
  not_in_channel:
    'Scale Review is not a member of it any more. Invite it back with `/invite @Scale Review`, or run `/scale unsubscribe` there.',
  channel_not_found:
    'Scale Review cannot see it any more (it was deleted, or it is private and the app was removed). Invite the app back with `/invite @Scale Review`, or run `/scale unsubscribe` there.',
  is_archived:
    'the channel is archived. Unarchive it to get the digest again, or subscribe another channel with `/scale subscribe`.',
};

/** The DM to a subscriber whose channel Slack refuses for good. */
function failureNotice(channelId: string, code: string): string {
  const what =
    REFUSALS[code] ??
    'Invite the app to the channel (`/invite @Scale Review`) or run `/scale unsubscribe` there.';
  return `The weekly Scale Review digest for <#${channelId}> could not be posted (\`${code}\`): ${what}`;
}

/** Marks the subscription failing and DMs its subscriber, once per failure code. */
export async function reportPermanentFailure(
  deps: DigestDeps,
  subscription: Subscription,
  error: SlackPermanentError,
  now: Date,
) {
  const alreadyReported =
    subscription.failure?.code === error.code && subscription.failure.reported;
  await deps.store.subscriptions.markFailure(subscription.id, {
    code: error.code,
    at: now,
    reported: alreadyReported,
  });
  if (alreadyReported) return;
  try {
    await deps.poster.dm(subscription.createdBy, failureNotice(subscription.channelId, error.code));
    await deps.store.subscriptions.markFailure(subscription.id, {
      code: error.code,
      at: now,
      reported: true,
    });
  } catch (dmError) {
    deps.logger.warn(
      { err: dmError, subscriptionId: subscription.id },
      'could not DM the subscriber about a failing digest',
    );
  }
}
