import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logging/logger.js';
import type { NativeFallbackLog } from '../slack-api/native-refusal.js';
import type { Store } from '../store/ports.js';
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
  /** What every tenant shares (its own deps come from `tenants`). */
  store: Store;
  clock: () => Date;
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
  /**
   * An installable app: a Web API client on a workspace's own bot token (null when it has no
   * installation), for what runs outside Bolt's listeners (unhandled.ts). Absent with one workspace.
   */
  clientForTenant?: (key: string) => Promise<WebClient | null>;
  /** Releases what the workspaces' settings hold (the role cache's STS clients); at stop. */
  closeSettings?: () => void;
  /** A client for one quick attempt with this token (the chat.update after a click). */
  quickClient: (token: string | undefined) => WebClient;
  /** Where an answer sent again without its chart and table is recorded (reply.ts sendNative). */
  nativeFallbacks: NativeFallbackLog;
  /**
   * Installed mode: days an uninstalled workspace's data stays (UNINSTALL_RETENTION_DAYS,
   * `InstallEnv.uninstallRetentionDays`); unset: the default, 7. Single mode keeps the data.
   */
  uninstallRetentionDays?: number;
}
