import type { App } from '@slack/bolt';
import { afterPendingAcks } from '../after-ack.js';
import { SLASH_COMMAND } from '../ids.js';
import type { SlackDeps } from '../slack-deps.js';
import { dispatchCommand } from './dispatch.js';

/**
 * The one `/scale` listener: ack() first (an empty 200, before any store, metrics or Slack call),
 * then, once the requests already waiting are acked too, the answer through respond() (response_url).
 */
export function registerCommands(app: App, deps: SlackDeps): void {
  deps.registry.commands.add(SLASH_COMMAND);
  app.command(SLASH_COMMAND, ({ ack, command, respond, client }) =>
    deps.tracker.track(async () => {
      await ack();
      await afterPendingAcks();
      await dispatchCommand(
        {
          deps,
          respond,
          client,
          teamId: command.team_id,
          channelId: command.channel_id,
          userId: command.user_id,
        },
        command.text,
      );
    }),
  );
}
