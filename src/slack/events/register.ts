import type { App } from '@slack/bolt';
import { z } from 'zod';
import { EVENT_NAMES } from '../ids.js';
import type { SlackDeps } from '../slack-deps.js';
import { handleAppHomeOpened } from './app-home-opened.js';

const envelopeSchema = z.object({
  event_id: z.string().optional(),
  team_id: z.string().optional(),
});

/** Events API listeners. Bolt acknowledges events itself, before any listener runs. */
export function registerEvents(app: App, deps: SlackDeps): void {
  deps.registry.events.add(EVENT_NAMES.appHomeOpened);
  app.event(EVENT_NAMES.appHomeOpened, ({ event, body, context, client }) =>
    deps.tracker.track(async () => {
      const envelope = envelopeSchema.safeParse(body);
      const teamId = context.teamId ?? (envelope.success ? envelope.data.team_id : undefined);
      if (teamId === undefined) {
        deps.logger.warn({}, 'app_home_opened without a team id ignored');
        return;
      }
      await handleAppHomeOpened(deps, {
        client,
        teamId,
        userId: event.user,
        tab: event.tab,
        eventId: envelope.success ? envelope.data.event_id : undefined,
      });
    }),
  );
}
