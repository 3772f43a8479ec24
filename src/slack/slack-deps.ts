import type { WebClient } from '@slack/web-api';
import type { AppDeps } from '../app/deps.js';
import type { StatusAnswers } from '../app/status-answers.js';
import type { Logger } from '../logging/logger.js';
import type { Tenants } from '../tenancy/tenants.js';
import type { SettingsEditing } from '../tenancy/workspace-settings.js';
import type { AnswerQueue } from './answer-queue.js';
import type { ListenerRegistry } from './registry.js';
import type { ResponseUrlPolicy } from './response-url.js';
import type { UserDirectory } from './user-directory.js';
import type { WorkTracker } from './work-tracker.js';

/** What every Slack listener needs: the use cases' deps plus Slack-side helpers. */
export interface SlackDeps {
  /** Who a request works for, and that tenant's deps (src/tenancy/). */
  tenants: Tenants;
  app: AppDeps;
  /** The shared `/scale status` answers (status-answers.ts). */
  statusAnswers: StatusAnswers;
  users: UserDirectory;
  tracker: WorkTracker;
  /** Every answer after an ack runs from here, bounded and paced (answer-queue.ts). */
  answers: AnswerQueue;
  /** Which response_url origins may be posted to (response-url.ts). */
  responseUrls: ResponseUrlPolicy;
  registry: ListenerRegistry;
  logger: Logger;
  /**
   * Installed workspaces' Settings (the App Home modal): the deployment's defaults and the sealer.
   * Absent with one workspace (its settings are the YAML) or until OAuth mode wires it.
   */
  settings?: SettingsEditing;
  /** A client for one quick attempt with this token (the chat.update after a click). */
  quickClient: (token: string | undefined) => WebClient;
}
