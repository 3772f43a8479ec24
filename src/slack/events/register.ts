import type { App } from '@slack/bolt';
import { z } from 'zod';
import { EVENT_NAMES } from '../../../blocks/ids.js';
import { tenantKeyOrNull } from '../../tenancy/tenants.js';
import type { SlackDeps } from '../slack-deps.js';
import { handleAppHomeOpened } from './app-home-opened.js';
import { registerUninstallEvents } from './uninstall.js';

const envelopeSchema = z.object({
  event_id: z.string().optional(),
  team_id: z.string().optional(),
});

/**
 * Events API listeners. Bolt acknowledges events itself, before any listener runs; the work goes
 * to the answer queue like every answer (when it is full, the Home is not republished: the user
 * sees the previous one, and the next opening tries again).
 */
export function registerEvents(app: App, deps: SlackDeps): void {
  deps.registry.events.add(EVENT_NAMES.appHomeOpened);
  app.event(EVENT_NAMES.appHomeOpened, async ({ event, body, context, client }) => {
    const envelope = envelopeSchema.safeParse(body);
    const teamId = tenantKeyOrNull(deps.tenants, {
      teamId: context.teamId ?? (envelope.success ? envelope.data.team_id : undefined),
      enterpriseId: context.enterpriseId,
      isEnterpriseInstall: context.isEnterpriseInstall === true,
    });
    if (teamId === null) {
      deps.logger.warn({}, 'app_home_opened without a team id ignored');
      return;
    }
    deps.answers.offer({
      kind: 'app_home_opened',
      meta: { teamId, userId: event.user },
      run: () =>
        handleAppHomeOpened(deps, {
          client,
          teamId,
          userId: event.user,
          tab: event.tab,
          eventId: envelope.success ? envelope.data.event_id : undefined,
        }),
    });
  });
  registerUninstallEvents(app, deps);
}
