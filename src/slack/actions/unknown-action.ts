import { InvalidDecisionError } from '../../app/errors.js';
import { type ActionContext, metaOf } from './action-context.js';
import { refuse } from './decide-and-show.js';

/** What the user is told, where the click happened: a view has no response_url, so it says it itself. */
const UNKNOWN_CONTROL = {
  message: 'This control is no longer supported. Run `/scale status` for a fresh message.',
  home: 'That button is no longer supported (it came from an older Home); the Home below is current.',
  modal:
    'That button is no longer supported (it came from an older view); the history below is current.',
} as const;

/**
 * A control this version does not know (an old message or view, a tampered payload): say so where
 * it was clicked, change nothing. A message gets an ephemeral reply; the App Home is republished
 * and the history modal redrawn with the explanation on top (Slack sends no response_url there).
 */
export async function handleUnknownAction(ctx: ActionContext): Promise<void> {
  ctx.deps.logger.warn(metaOf(ctx), 'unknown action refused');
  const { kind } = ctx.interaction.surface;
  const text =
    kind === 'home' || kind === 'modal' ? UNKNOWN_CONTROL[kind] : UNKNOWN_CONTROL.message;
  await refuse(ctx, new InvalidDecisionError(text));
}
