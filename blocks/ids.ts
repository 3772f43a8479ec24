/**
 * Every Slack identifier the app uses, in one place beside the builders that render them: the slash
 * command, action ids, block ids, callback ids, event names and the message metadata event type.
 * The Block Kit builders, the Bolt listeners (src/slack/), the digest and the manifest test all
 * read them from here, so they cannot drift.
 *
 * Interactive elements carry ids only (a review id and a recommendation key), never state.
 * No Slack SDK import: plain constants and a tiny codec.
 */

import type { RecommendationRef } from '../src/domain/review-message.js';

/**
 * The slash command the manifests declare. The app answers whatever command Slack routes to it (a
 * workspace may rename it in its manifest: src/slack/commands/command-name.ts).
 */
export const SLASH_COMMAND = '/scale';

/** `action_id`s (max 255 chars). Stable: changing one breaks buttons on messages already posted. */
export const ACTION_IDS = {
  /** Button: acknowledge a recommendation. Value: an encoded {@link RecommendationRef}. */
  acknowledge: 'scale.ack',
  /** static_select: snooze for one of {@link SNOOZE_DURATIONS}; the option value is the duration key. */
  snoozeFor: 'scale.snooze_for',
  /** datepicker: snooze until the picked date (`selected_date`, YYYY-MM-DD). */
  snoozeUntilDate: 'scale.snooze_until',
  /** Button: the action was done; the estate records what changed. Value: an encoded ref. */
  done: 'scale.done',
  /** Button: end a snooze now. Value: an encoded {@link RecommendationRef}. */
  unsnooze: 'scale.unsnooze',
  /** Button: show the review history. Value: a review id (may be empty). */
  openHistory: 'scale.open_history',
  /** Button in the App Home: open the workspace's Settings modal (installed workspaces). */
  openSettings: 'scale.open_settings',
} as const;
export type ActionId = (typeof ACTION_IDS)[keyof typeof ACTION_IDS];

/** Snooze durations offered by the `snoozeFor` select; the keys are the option values. */
export const SNOOZE_DURATIONS = {
  '1d': { label: '1 day', days: 1 },
  '1w': { label: '1 week', days: 7 },
  '1m': { label: '1 month', days: 30 },
} as const;
export type SnoozeDurationKey = keyof typeof SNOOZE_DURATIONS;
export const SNOOZE_DURATION_KEYS = Object.keys(SNOOZE_DURATIONS) as SnoozeDurationKey[];

/**
 * `block_id` prefixes (max 255 chars). Static blocks get no block_id: Slack generates one, and asks
 * for new ids when a message is updated. Recommendation blocks carry their reference instead.
 */
export const BLOCK_IDS = {
  /** A recommendation's actions block: `scale.rec.<stamp>|<reviewId>|<key>`. */
  recommendationPrefix: 'scale.rec',
} as const;

/** `callback_id`s of views. */
export const CALLBACK_IDS = {
  appHome: 'scale.app_home',
  /** The Settings modal: its `view_submission` saves the workspace's settings. */
  settings: 'scale.settings',
} as const;

/**
 * The Settings modal's fields: each is an input block whose `block_id` is `scale.settings.<field>`
 * (where a submission's error is shown) holding one element with {@link SETTINGS_INPUT_ACTION_ID}.
 * Input blocks dispatch no actions, so no listener answers that action id.
 */
export const SETTINGS_FIELDS = [
  'source',
  'region',
  'roleArn',
  'autoScalingGroupName',
  'dbInstanceIdentifier',
  'dbInstanceClass',
  'loadBalancer',
  'dbAllocatedStorageGb',
  'postgresUrl',
  'file',
  'url',
  'growthPercent',
  'growthMonths',
  'stage',
  'servers',
  'dbTier',
  'monthlyCost',
  'measures',
  'admins',
  'ackers',
] as const;
/** A field, or a panel indicator's threshold (`threshold.cpu`). */
export type SettingsField = (typeof SETTINGS_FIELDS)[number] | `threshold.${string}`;

export const SETTINGS_BLOCK_PREFIX = 'scale.settings.';
export const SETTINGS_INPUT_ACTION_ID = 'scale.settings.value';

export function settingsBlockId(field: SettingsField): string {
  return `${SETTINGS_BLOCK_PREFIX}${field}`;
}

/** Events API event types the app subscribes to (must match manifest.yml). */
export const EVENT_NAMES = {
  appHomeOpened: 'app_home_opened',
  /** The workspace (or org) removed the app (src/slack/events/uninstall.ts). */
  appUninstalled: 'app_uninstalled',
  /** Tokens of the app were revoked; a bot token among them is an uninstall. */
  tokensRevoked: 'tokens_revoked',
} as const;

/** Message metadata `event_type`s; a digest carries its period key so a rerun can find it. */
export const METADATA_EVENT_TYPES = {
  digest: 'scale_review_digest',
} as const;

const REVIEW_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/** Thrown when an id cannot be encoded (a programming error: fix the caller). */
export class InvalidRefError extends Error {
  override readonly name = 'InvalidRefError';
}

/** `<reviewId>|<recommendationKey>`; the review id must not contain `|`. */
export function encodeRecommendationRef(ref: RecommendationRef): string {
  if (!REVIEW_ID.test(ref.reviewId)) {
    throw new InvalidRefError(`review id ${JSON.stringify(ref.reviewId)} must match ${REVIEW_ID}`);
  }
  if (ref.recommendationKey.length === 0) {
    throw new InvalidRefError('recommendation key must not be empty');
  }
  return `${ref.reviewId}|${ref.recommendationKey}`;
}

/** The inverse of {@link encodeRecommendationRef}; null for anything it did not produce. */
export function decodeRecommendationRef(value: string): RecommendationRef | null {
  const bar = value.indexOf('|');
  if (bar <= 0) return null;
  const reviewId = value.slice(0, bar);
  const recommendationKey = value.slice(bar + 1);
  if (!REVIEW_ID.test(reviewId) || recommendationKey.length === 0) return null;
  return { reviewId, recommendationKey };
}

/**
 * The block id of a recommendation's actions block. `stamp` changes with the decision state, because
 * Slack asks for a new block_id when a message is updated (so select menus reset).
 */
export function recommendationBlockId(ref: RecommendationRef, stamp: string): string {
  if (!/^[a-z0-9]{1,16}$/.test(stamp)) {
    throw new InvalidRefError(`block stamp ${JSON.stringify(stamp)} must be 1-16 of [a-z0-9]`);
  }
  return `${BLOCK_IDS.recommendationPrefix}.${stamp}|${encodeRecommendationRef(ref)}`;
}

/** The ref inside a {@link recommendationBlockId}; null for any other block id. */
export function parseRecommendationBlockId(blockId: string): RecommendationRef | null {
  const prefix = `${BLOCK_IDS.recommendationPrefix}.`;
  if (!blockId.startsWith(prefix)) return null;
  const rest = blockId.slice(prefix.length);
  const bar = rest.indexOf('|');
  if (bar <= 0 || !/^[a-z0-9]{1,16}$/.test(rest.slice(0, bar))) return null;
  return decodeRecommendationRef(rest.slice(bar + 1));
}
