import type { WebClient } from '@slack/web-api';
import type { Tenant } from '../../tenancy/tenants.js';
import type { Respond } from '../response-url.js';
import type { SlackDeps } from '../slack-deps.js';

/** Who typed `/scale`, where, and how to answer. */
export interface CommandContext {
  deps: SlackDeps;
  respond: Respond;
  client: WebClient;
  /** Whose command it is: its use cases' deps (src/tenancy/). */
  tenant: Tenant;
  /** The tenant key: the team id, or the org's id for an org-wide install. */
  teamId: string;
  channelId: string;
  userId: string;
  /** The slash command as the user typed it: `/scale`, or the name the workspace gave it. */
  commandName: string;
}

/** A command before its tenant is resolved (dispatchCommand resolves it, answering a failure). */
export type CommandRequest = Omit<CommandContext, 'tenant'>;
