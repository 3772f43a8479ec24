import type { ScalingIndicatorsViewModel } from '../../blocks/index.js';
import type { DecisionRecord } from '../store/ports.js';

/** Errors a use case raises on purpose; their messages are written for the Slack user. */
export class PermissionDeniedError extends Error {
  override readonly name = 'PermissionDeniedError';
}

/** A button or command referring to a review that does not exist or belongs to another team. */
export class ReviewNotFoundError extends Error {
  override readonly name = 'ReviewNotFoundError';
}

/** A decision that cannot be taken: a snooze date in the past, an unknown recommendation... */
export class InvalidDecisionError extends Error {
  override readonly name = 'InvalidDecisionError';
}

/**
 * A channel that cannot get the weekly digest (a DM, a channel the bot is not in, an archived
 * one), or that could not be checked (a scope the app lacks, Slack unreachable): nothing is
 * subscribed, and the message says what to do.
 */
export class ChannelRefusedError extends Error {
  override readonly name = 'ChannelRefusedError';
}

/**
 * A request from a workspace with no active installation (uninstalled, or never installed): the
 * message says how to get it back.
 */
export class TenantNotInstalledError extends Error {
  override readonly name = 'TenantNotInstalledError';
  constructor(readonly key: string) {
    super(
      'Scale Review is not installed in this workspace any more. Add it to Slack again to use it; a reinstall starts with a clean history.',
    );
  }
}

/**
 * A decision was recorded, but the message it was made on could not be read back to redraw it
 * (the store failed in between): the click is answered with what was recorded, not with a
 * failure that would make the user click again.
 */
export class DecisionNotShownError extends Error {
  override readonly name = 'DecisionNotShownError';
  constructor(
    /** What was recorded. */
    readonly decision: DecisionRecord,
    /** The message as it was posted (without the live decision state). */
    readonly posted: ScalingIndicatorsViewModel,
    options: { cause: unknown },
  ) {
    super('the decision was recorded, but its message could not be redrawn', options);
  }
}
