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
