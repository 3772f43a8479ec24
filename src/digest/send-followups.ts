import type { Subscription } from '../store/ports.js';
import type { DigestDeps } from './digest-deps.js';
import type { SlackPermanentError } from './poster.js';

/** What follows a refusal: telling the subscriber. */

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
    await deps.poster.dm(
      subscription.createdBy,
      `The weekly Scale Review digest for <#${subscription.channelId}> could not be posted: \`${error.code}\`. ` +
        'Invite the app to the channel (`/invite @Scale Review`) or run `/scale unsubscribe` there.',
    );
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
