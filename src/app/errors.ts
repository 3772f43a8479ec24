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
