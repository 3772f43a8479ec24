import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { SlackDeps } from '../slack-deps.js';

/** Who typed `/scale`, where, and how to answer. */
export interface CommandContext {
  deps: SlackDeps;
  respond: RespondFn;
  client: WebClient;
  teamId: string;
  channelId: string;
  userId: string;
}
