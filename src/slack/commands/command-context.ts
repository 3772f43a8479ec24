import type { WebClient } from '@slack/web-api';
import type { Respond } from '../response-url.js';
import type { SlackDeps } from '../slack-deps.js';

/** Who typed `/scale`, where, and how to answer. */
export interface CommandContext {
  deps: SlackDeps;
  respond: Respond;
  client: WebClient;
  teamId: string;
  channelId: string;
  userId: string;
  /** The slash command as the user typed it: `/scale`, or the name the workspace gave it. */
  commandName: string;
}
