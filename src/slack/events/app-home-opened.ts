import type { WebClient } from '@slack/web-api';
import type { SlackDeps } from '../slack-deps.js';
import { publishHome } from '../views/home.js';

/** Slack retries an event for up to about an hour (three retries, the last ~5 min later). */
const EVENT_DEDUPE_MS = 60 * 60_000;

export interface AppHomeOpenedInput {
  client: WebClient;
  teamId: string;
  userId: string;
  tab: string | undefined;
  /** The envelope's event_id: a retry carries the same one. */
  eventId: string | undefined;
}

async function isRedelivery(deps: SlackDeps, input: AppHomeOpenedInput): Promise<boolean> {
  if (input.eventId === undefined) return false;
  try {
    const key = `slack-event:${input.teamId}:${input.eventId}`;
    return (
      (await deps.store.idempotency.remember(key, deps.clock(), EVENT_DEDUPE_MS)) === 'duplicate'
    );
  } catch (error) {
    // The store is down: publish anyway (the Home then says the store is unavailable).
    deps.logger.warn({ err: error, eventId: input.eventId }, 'event dedupe unavailable');
    return false;
  }
}

/** Publishes the user's App Home when they open its Home tab (once per event, retries included). */
export async function handleAppHomeOpened(
  deps: SlackDeps,
  input: AppHomeOpenedInput,
): Promise<void> {
  if (input.tab !== undefined && input.tab !== 'home') return;
  if (await isRedelivery(deps, input)) {
    deps.logger.info({ eventId: input.eventId }, 'app_home_opened redelivery skipped');
    return;
  }
  await publishHome(deps, { client: input.client, teamId: input.teamId, userId: input.userId });
}
