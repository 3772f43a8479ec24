import type { CanvasRefusedError } from './port.js';

/**
 * What the subscriber is told, once per refusal code, when Slack refuses the channel's capacity
 * plan canvas: the digest goes on, why the canvas cannot be had, and what would change that.
 */

const PLAN_OR_SETTING = new Set([
  'team_tier_cannot_create_channel_canvases',
  'free_team_canvas_tab_already_exists',
]);
const NOT_ALLOWED = new Set(['restricted_action', 'not_allowed', 'access_denied']);

/** Why, in a sentence a subscriber can act on (docs/slack.md, "When Slack refuses the canvas"). */
export function refusalReason(error: Pick<CanvasRefusedError, 'code' | 'needed'>): string {
  const { code } = error;
  if (code === 'canvas_disabled_user_team') {
    return 'canvases are turned off in this workspace (an admin setting). A workspace admin can turn them on';
  }
  if (PLAN_OR_SETTING.has(code)) {
    return "this workspace's Slack plan allows no further channel canvas here";
  }
  if (code === 'channel_canvas_already_exists') {
    return 'the channel already has a canvas that Scale Review did not create, and Slack allows one per channel. Remove it from the channel if the plan should take its place';
  }
  if (NOT_ALLOWED.has(code)) {
    return "Slack does not allow Scale Review to create or edit this channel's canvas (a workspace or channel setting)";
  }
  if (code === 'missing_scope') {
    const scope = error.needed ?? 'canvases:write';
    return `the app lacks the \`${scope}\` scope. Add it (or update the app from its manifest) and reinstall the app (README, "Running the bot")`;
  }
  return 'Slack refused it';
}

export function refusalNotice(
  channelId: string,
  error: Pick<CanvasRefusedError, 'code' | 'needed'>,
): string {
  return (
    `The weekly Scale Review digest for <#${channelId}> goes on as before, but its *Capacity plan* ` +
    `canvas could not be kept there: ${refusalReason(error)} (\`${error.code}\`). ` +
    'Scale Review tries again with each digest; the same plan is in the Scale Review App Home.'
  );
}
