import type { WebClient } from '@slack/web-api';
import { CALLBACK_IDS } from '../../../blocks/ids.js';
import { buildAppHome, type HomeViewPayload, SLACK_LIMITS } from '../../../blocks/index.js';
import { runHome } from '../../app/home.js';
import { describeFailure } from '../../app/user-errors.js';
import type { TenantOrigin } from '../../tenancy/tenant-key.js';
import { logFailure } from '../reply.js';
import type { SlackDeps } from '../slack-deps.js';
import { homeSettings } from './settings-home.js';

function noticeBlocks(notice: string): HomeViewPayload['blocks'] {
  return [{ type: 'section', text: { type: 'mrkdwn', text: notice } }, { type: 'divider' }];
}

/** Puts a notice (a refusal, an error) at the top of the Home view, within the 100-block limit. */
function withHomeNotice(view: HomeViewPayload, notice: string | null): HomeViewPayload {
  if (notice === null) return view;
  const head = noticeBlocks(notice);
  const room = SLACK_LIMITS.homeBlocks - head.length;
  return { ...view, blocks: [...head, ...view.blocks.slice(0, room)] };
}

/** The Home shown when it cannot be built (the store is down): says what happened. */
function unavailableHome(message: string): HomeViewPayload {
  return {
    type: 'home',
    callback_id: CALLBACK_IDS.appHome,
    blocks: [
      {
        type: 'header',
        text: { type: 'plain_text', text: ':bar_chart: Scale Review', emoji: true },
      },
      { type: 'section', text: { type: 'mrkdwn', text: `:warning: ${message}` } },
    ],
  };
}

export interface PublishHomeInput {
  client: WebClient;
  teamId: string;
  userId: string;
  notice?: string | null;
  /** Where the request came from (an org-wide install's org); default: the team. */
  origin?: TenantOrigin;
}

/** Builds the user's App Home from the store and publishes it (views.publish). Never throws. */
export async function publishHome(deps: SlackDeps, input: PublishHomeInput): Promise<void> {
  const meta = { teamId: input.teamId, userId: input.userId };
  let view: HomeViewPayload;
  try {
    const origin = input.origin ?? {
      teamId: input.teamId,
      enterpriseId: null,
      isEnterpriseInstall: false,
    };
    const tenant = await deps.tenants.resolve(input.teamId);
    const [home, settings] = await Promise.all([
      runHome(tenant.app, { teamId: input.teamId }),
      homeSettings(deps, { client: input.client, origin, userId: input.userId }),
    ]);
    view = buildAppHome({ ...home, settings });
  } catch (error) {
    const failure = describeFailure(error);
    logFailure(deps.logger, error, failure, { ...meta, surface: 'home' });
    view = unavailableHome(failure.message);
  }
  try {
    await input.client.views.publish({
      user_id: input.userId,
      view: withHomeNotice(view, input.notice ?? null),
    });
  } catch (error) {
    deps.logger.error({ ...meta, err: error }, 'views.publish failed');
  }
}
